// Helm, at the version the pinned Argo CD bundles (it renders every chart Application there): $HELM or helm on
// PATH when it is that version, else built from tools/helm and cached.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { ARGOCD } from "../../versions.ts";
import { run, ToolUnavailable } from "./go-tool.ts";
import { ensureModuleTool, isExecutable, type ModuleTool } from "./module-tool.ts";

export const HELM: ModuleTool = {
  name: "helm",
  version: `v${ARGOCD.bundledHelm}`,
  packagePath: "helm.sh/helm/v4/cmd/helm",
  ldflags: `-X helm.sh/helm/v4/internal/version.version=v${ARGOCD.bundledHelm}`,
  coldBuild: "5 minutes",
};

type Environment = Readonly<Record<string, string | undefined>>;

/** A Helm that could be used: where it is, and the version it says it is (`helm version --template {{.Version}}`). */
export interface HelmCandidate {
  readonly path: string;
  readonly version: string | undefined;
}

/** Where a Helm may already be, in order: $HELM, then `helm` in each folder of PATH. */
export function helmPaths(env: Environment = process.env): string[] {
  return [
    ...(env.HELM ? [env.HELM] : []),
    ...(env.PATH ?? "")
      .split(delimiter)
      .filter(Boolean)
      .map((folder) => join(folder, "helm")),
  ];
}

/** The first candidate of exactly the pinned version; undefined when none is, and Helm is built instead. */
export function chooseHelm(candidates: readonly HelmCandidate[], pinned: string = HELM.version): string | undefined {
  return candidates.find((candidate) => candidate.version === pinned)?.path;
}

/** $HELM or helm on PATH when it is the pinned version (each asked only until one is), else built and cached. */
export async function ensureHelm(
  log: (line: string) => void = () => {},
  env: Environment = process.env,
): Promise<string> {
  const found = await findPinnedHelm(env);
  if (found.path) return found.path;
  for (const other of found.others)
    log(`helm: ${other.path} is ${other.version ?? "of no known version"}, not the pinned ${HELM.version}; not used`);
  return (await ensureModuleTool(HELM, log)).path;
}

/** The pinned Helm already on this machine, and the other Helms met before it. */
export async function findPinnedHelm(
  env: Environment = process.env,
): Promise<{ path: string | undefined; others: HelmCandidate[] }> {
  const others: HelmCandidate[] = [];
  for (const path of helmPaths(env)) {
    if (!(await isExecutable(path))) continue;
    const candidate = { path, version: await versionOf(path, env) };
    if (chooseHelm([candidate])) return { path, others };
    others.push(candidate);
  }
  return { path: undefined, others };
}

async function versionOf(helm: string, env: Environment = process.env): Promise<string | undefined> {
  try {
    return (await run(helm, ["version", "--template", "{{.Version}}"], { env: { ...env } })).stdout.trim();
  } catch {
    return undefined;
  }
}

export interface TemplateOptions {
  readonly release: string;
  readonly chartArchive: string;
  readonly namespace: string;
  readonly values: unknown;
  /** major.minor of the cluster, as Argo CD passes it. */
  readonly kubeVersion: string;
  readonly includeCrds: boolean;
}

/**
 * `helm template` as Argo CD runs it for a chart Application; returns the rendered YAML stream. With
 * `cacheFolder`, an output already rendered from the same archive bytes, values and options is reused: the
 * test suite renders the same charts in several files.
 */
export async function helmTemplate(helm: string, options: TemplateOptions, cacheFolder?: string): Promise<string> {
  if (cacheFolder === undefined) return render(helm, options);
  const key = createHash("sha256")
    .update(await readFile(options.chartArchive))
    .update(JSON.stringify({ ...options, chartArchive: undefined }))
    .digest("hex");
  const cached = join(cacheFolder, `${key}.yaml`);
  const hit = await readFile(cached, "utf8").catch(() => undefined);
  if (hit !== undefined) return hit;
  const stream = await render(helm, options);
  await mkdir(cacheFolder, { recursive: true });
  // Written aside and renamed in, so a concurrent reader sees all of it or nothing.
  await writeFile(`${cached}.${process.pid}`, stream);
  await rename(`${cached}.${process.pid}`, cached);
  return stream;
}

async function render(helm: string, options: TemplateOptions): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-helm-"));
  try {
    const values = join(folder, "values.json");
    await writeFile(values, JSON.stringify(options.values ?? {}));
    const args = [
      "template",
      options.release,
      options.chartArchive,
      "--namespace",
      options.namespace,
      "--values",
      values,
      "--kube-version",
      options.kubeVersion,
    ];
    if (options.includeCrds) args.push("--include-crds");
    const { stdout } = await run(helm, args, { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new ToolUnavailable(
      `helm template ${options.release} (${options.chartArchive}) failed: ${(failed.stderr || failed.message).trim()}`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
