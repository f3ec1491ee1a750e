// Finds (or installs with the Go toolchain) the pinned kubeconform, and runs it over manifests.
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const KUBECONFORM_VERSION = "v0.7.0";
export const KUBECONFORM_MODULE = `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`;

/** Files that are not Kubernetes objects and so have no schema. */
const NOT_OBJECTS = ["kustomization\\.yaml$"];

export class KubeconformUnavailable extends Error {}

/** The pinned kubeconform: $KUBECONFORM, then PATH, then Go's bin folder; installed with `go install` when none is the pinned version. */
export async function ensureKubeconform(log: (line: string) => void = () => {}): Promise<string> {
  const found = await findPinned();
  if (found) return found;
  log(`kubeconform ${KUBECONFORM_VERSION} not found; installing it with: go install ${KUBECONFORM_MODULE}`);
  try {
    await run("go", ["install", KUBECONFORM_MODULE], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.trim() : String(error);
    throw new KubeconformUnavailable(
      `cannot install kubeconform: ${detail}\nInstall it yourself with: go install ${KUBECONFORM_MODULE} (needs Go >= 1.24), or set KUBECONFORM to its path`,
    );
  }
  const installed = await findPinned();
  if (!installed) throw new KubeconformUnavailable(`go install ${KUBECONFORM_MODULE} succeeded but no kubeconform ${KUBECONFORM_VERSION} was found in Go's bin folder`);
  return installed;
}

async function findPinned(): Promise<string | undefined> {
  for (const candidate of await candidates()) {
    if (await isPinnedVersion(candidate)) return candidate;
  }
  return undefined;
}

async function candidates(): Promise<string[]> {
  const list: string[] = [];
  if (process.env.KUBECONFORM) list.push(process.env.KUBECONFORM);
  for (const folder of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) list.push(join(folder, "kubeconform"));
  const goBin = await goBinFolder();
  if (goBin) list.push(join(goBin, "kubeconform"));
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

/** Release binaries print their version; binaries built by `go install` print "development" but record their module version. */
async function isPinnedVersion(binary: string): Promise<boolean> {
  try {
    await access(binary, constants.X_OK);
  } catch {
    return false;
  }
  const printed = await run(binary, ["-v"]).then(({ stdout }) => stdout.trim(), () => "");
  if (printed === KUBECONFORM_VERSION) return true;
  const built = await run("go", ["version", "-m", binary]).then(({ stdout }) => stdout, () => "");
  return new RegExp(`^\\s*mod\\s+github\\.com/yannh/kubeconform\\s+${KUBECONFORM_VERSION.replace(/\./g, "\\.")}\\s`, "m").test(built);
}

export interface KubeconformOptions {
  readonly kubernetesVersion: string;
  readonly schemaLocations: readonly string[];
}

export interface KubeconformResult {
  readonly summary: { readonly valid: number; readonly invalid: number; readonly errors: number; readonly skipped: number };
  /** Every object that was not valid, with kubeconform's message. */
  readonly problems: readonly { readonly filename: string; readonly kind: string; readonly name: string; readonly status: string; readonly msg: string }[];
}

export async function runKubeconform(binary: string, paths: readonly string[], options: KubeconformOptions): Promise<KubeconformResult> {
  const args = [
    "-strict",
    "-summary",
    "-output", "json",
    "-kubernetes-version", options.kubernetesVersion,
    ...NOT_OBJECTS.flatMap((pattern) => ["-ignore-filename-pattern", pattern]),
    ...options.schemaLocations.flatMap((location) => ["-schema-location", location]),
    ...paths,
  ];
  let stdout: string;
  try {
    ({ stdout } = await run(binary, args, { maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    // kubeconform exits 1 when anything is invalid; its JSON report is still on stdout.
    const failed = error as { stdout?: string; stderr?: string; message: string };
    if (!failed.stdout) throw new Error(`kubeconform failed: ${failed.stderr || failed.message}`);
    stdout = failed.stdout;
  }
  const report = JSON.parse(stdout) as { resources?: KubeconformResult["problems"]; summary: KubeconformResult["summary"] };
  return { summary: report.summary, problems: report.resources ?? [] };
}
