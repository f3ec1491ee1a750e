// Finds a pinned upstream tool, or builds it with the Go toolchain and the module proxy when missing.
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

export const run = promisify(execFile);

export interface GoTool {
  /** Binary name, also the upper-cased environment variable that may point at it (KUBECONFORM). */
  readonly name: string;
  /** Go module that versions the tool. */
  readonly module: string;
  /** Package path to `go install`. */
  readonly installPath: string;
  readonly version: string;
}

export class ToolUnavailable extends Error {}

export function installCommand(tool: GoTool): string {
  return `go install ${tool.installPath}@${tool.version}`;
}

/** The pinned tool: $<NAME>, then PATH, then Go's bin folder; installed with `go install` when none is the pinned version. */
export async function ensureGoTool(tool: GoTool, log: (line: string) => void = () => {}): Promise<string> {
  const found = await findPinned(tool);
  if (found) return found;
  log(`${tool.name} ${tool.version} not found; installing it with: ${installCommand(tool)}`);
  try {
    await run("go", ["install", `${tool.installPath}@${tool.version}`], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new ToolUnavailable(
      `cannot install ${tool.name}: ${detail}\nInstall it yourself with: ${installCommand(tool)} (needs Go >= 1.24), or set ${tool.name.toUpperCase()} to its path`,
    );
  }
  const installed = await findPinned(tool);
  if (!installed)
    throw new ToolUnavailable(
      `${installCommand(tool)} succeeded but no ${tool.name} ${tool.version} was found in Go's bin folder`,
    );
  return installed;
}

async function findPinned(tool: GoTool): Promise<string | undefined> {
  for (const candidate of await candidates(tool)) {
    if (await isPinnedVersion(tool, candidate)) return candidate;
  }
  return undefined;
}

async function candidates(tool: GoTool): Promise<string[]> {
  const list: string[] = [];
  const fromEnvironment = process.env[tool.name.toUpperCase()];
  if (fromEnvironment) list.push(fromEnvironment);
  for (const folder of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) list.push(join(folder, tool.name));
  const goBin = await goBinFolder();
  if (goBin) list.push(join(goBin, tool.name));
  return list;
}

async function goBinFolder(): Promise<string | undefined> {
  try {
    const { stdout } = await run("go", ["env", "GOBIN", "GOPATH"]);
    const [gobin, gopath] = stdout.split("\n").map((line) => line.trim());
    return gobin || (gopath ? join(gopath.split(delimiter)[0] ?? gopath, "bin") : undefined);
  } catch {
    return undefined;
  }
}

/** A binary built by `go install` records its module version, which `go version -m` reads back. */
async function isPinnedVersion(tool: GoTool, binary: string): Promise<boolean> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    return false;
  }
  const { stdout } = await run("go", ["version", "-m", binary]).catch(() => ({ stdout: "" }));
  return stdout.split("\n").some((line) => {
    const [kind, module, version] = line.trim().split(/\s+/);
    return kind === "mod" && module === tool.module && version === tool.version;
  });
}
