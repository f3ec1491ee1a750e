// An upstream engine built with Go from a module under tools/<name>/ (its go.mod pins it) and cached under the
// user's cache folder, keyed by the module's files, so a changed pin builds anew and nothing is downloaded at
// run time. The control plane is built the same way in control-plane.ts.
import { createHash } from "node:crypto";
import { access, constants, cp, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { run, ToolUnavailable } from "./go-tool.ts";

export const TOOLS_FOLDER = resolve(import.meta.dirname, "../../tools");

export interface ModuleTool {
  /** Folder under tools/ and name of the binary. */
  readonly name: string;
  /** The upstream version the binary is, for messages and the cache folder. */
  readonly version: string;
  /** Package to build, relative to the module ("." for a main.go of its own). */
  readonly packagePath: string;
  readonly ldflags?: string;
  /** Go build tags (daprd's `allcomponents` links every component contract in). */
  readonly tags?: readonly string[];
  /** Roughly how long a cold build takes here, for the progress message. */
  readonly coldBuild: string;
  /** The Go module's folder when it is not tools/<name> (an upstream source folder, read only). */
  readonly source?: string;
  /** A release source archive (.tar.gz holding one top folder) to unpack and build in, instead of a folder. */
  readonly archive?: string;
  /** The folder inside the unpacked archive that holds the module to build (cert-manager's cmd/* modules). */
  readonly moduleFolder?: string;
  /** Lets `go build` complete go.mod and go.sum (a release's cmd module that a replace was added to). */
  readonly modMod?: boolean;
  /**
   * Builds in a scratch copy of the module's folder after this step ran in it, for upstream source that
   * must be completed first (generated files); nothing it writes lands in the project.
   */
  readonly prepare?: (folder: string) => Promise<void>;
}

export interface BuiltTool {
  readonly path: string;
  /** Seconds the build took; 0 when the cache had it. */
  readonly buildSeconds: number;
}

export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "trellis");
}

function sourceFolder(tool: ModuleTool): string {
  return tool.source ?? join(TOOLS_FOLDER, tool.name);
}

export async function toolCacheFolder(tool: ModuleTool): Promise<string> {
  const hash = createHash("sha256");
  if (tool.archive) hash.update(await readFile(tool.archive));
  else {
    const folder = sourceFolder(tool);
    for (const file of (await readdir(folder)).sort()) hash.update(file).update(await readFile(join(folder, file)));
  }
  hash
    .update(tool.ldflags ?? "")
    .update(tool.packagePath)
    .update(tool.moduleFolder ?? "")
    .update((tool.tags ?? []).join(","));
  return join(cacheRoot(), `${tool.name}-${tool.version}-${hash.digest("hex").slice(0, 12)}`);
}

export async function ensureModuleTool(tool: ModuleTool, log: (line: string) => void = () => {}): Promise<BuiltTool> {
  const folder = await toolCacheFolder(tool);
  const path = join(folder, tool.name);
  if (await isExecutable(path)) return { path, buildSeconds: 0 };
  log(
    `building ${tool.name} ${tool.version} with Go from ${tool.archive ?? sourceFolder(tool)} into ${folder} (first run only; about ${tool.coldBuild})`,
  );
  const started = performance.now();
  const staging = `${folder}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    let cwd = sourceFolder(tool);
    if (tool.archive) {
      await run("tar", ["-xzf", tool.archive, "-C", staging]);
      const [top] = (await readdir(staging)).filter((name) => name !== tool.name);
      if (!top) throw new Error(`${tool.archive} holds no folder`);
      await rename(join(staging, top), join(staging, "source"));
      cwd = join(staging, "source", tool.moduleFolder ?? ".");
      await tool.prepare?.(cwd);
    } else if (tool.prepare || tool.source) {
      cwd = join(staging, "source");
      await cp(sourceFolder(tool), cwd, { recursive: true });
      await tool.prepare?.(cwd);
    }
    const flags = [
      ...(tool.ldflags ? ["-ldflags", tool.ldflags] : []),
      ...(tool.tags?.length ? ["-tags", tool.tags.join(",")] : []),
    ];
    await run("go", ["build", "-trimpath", ...flags, "-o", join(staging, tool.name), tool.packagePath], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CGO_ENABLED: "0", ...(tool.modMod ? { GOFLAGS: "-mod=mod" } : {}) },
    });
    if (tool.archive) await rm(join(staging, "source"), { recursive: true, force: true });
    else if (cwd !== sourceFolder(tool)) await rm(cwd, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const failed = error as { stderr?: string; message: string };
    throw new ToolUnavailable(
      `cannot build ${tool.name} ${tool.version} from ${sourceFolder(tool)}: ${(failed.stderr || failed.message).trim().split("\n").slice(-15).join("\n")}`,
    );
  }
  const buildSeconds = (performance.now() - started) / 1000;
  log(`built ${tool.name} ${tool.version} in ${buildSeconds.toFixed(0)} s`);
  return { path, buildSeconds };
}

/** One binary per component of an engine, built one after another (each reuses the others' build cache). */
export async function ensureComponentTools<Component extends string>(
  components: readonly Component[],
  toolOf: (component: Component) => ModuleTool,
  log: (line: string) => void,
): Promise<Record<Component, string>> {
  const built: Partial<Record<Component, string>> = {};
  for (const component of components) built[component] = (await ensureModuleTool(toolOf(component), log)).path;
  return built as Record<Component, string>;
}

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
