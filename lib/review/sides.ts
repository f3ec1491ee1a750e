// One side of a review: the project at a git commit (or its working tree) rendered from its declarations, by
// its own code. Nothing is read from a committed deploy/, which may be stale. Where the side's engine (every
// file but the declarations) is the running one, it renders in this process with it; otherwise the side's
// own engine is loaded from its tree, so a change to versions.ts or to a renderer shows as what it renders.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { DeclarationError } from "../declarations/problems.ts";
import type { Blueprint } from "../blueprint.ts";
import { readYamlDocuments } from "../manifests/yaml-documents.ts";
import { DELIVERY_FOLDER } from "../model/layers.ts";
import type { Platform } from "../model/types.ts";
import type { ManifestObject } from "../render/manifest-files.ts";
import { renderEnvironmentObjects, renderPlatformDeliveryObjects } from "../render/render-environment.ts";
import { loadPlatform, type RenderedPlatform } from "../synth.ts";
import { phase } from "../telemetry/phases.ts";

const git = promisify(execFile);

/** The running Trellis: its engine renders every side whose engine files are the same. */
const RUNNING_ROOT = resolve(import.meta.dirname, "../..");

/** Top-level entries a render depends on (policies are not: both sides are checked with the running rules). Declaration folders hold declarations only. */
const ENGINE_ENTRIES = ["lib", "imports", "platform", "runtime", "argocd", "blueprint.ts", "versions.ts"] as const;

export interface Side {
  /** "HEAD~1 (4f2a9c1)", or "working tree". */
  readonly label: string;
  /** The side's project folder (a temporary copy for a commit). */
  readonly root: string;
  /** The side's model; undefined when it does not load. */
  readonly platform: Platform | undefined;
  /** Why the side could not be rendered: its declarations' problems, one per line. */
  readonly failure: string | undefined;
  /** Whether the side is rendered by its own engine rather than the running one. */
  readonly ownEngine: boolean;
  /** One folder's objects (an environment, or the shared Argo CD folder), rendered when first asked for. */
  objects(folder: string): readonly ManifestObject[] | undefined;
}

export class ReviewInputError extends Error {}

export interface LoadedSides {
  readonly base: Side;
  readonly head: Side;
  /** Removes the temporary copies. */
  dispose(): Promise<void>;
}

/** `head` undefined: the working tree of `repository`. */
export async function loadSides(
  blueprint: Blueprint,
  repository: string,
  base: string,
  head: string | undefined,
  environments: readonly string[],
): Promise<LoadedSides> {
  const scratch = await mkdtemp(join(tmpdir(), "trellis-review-"));
  try {
    const [baseSide, headSide] = await Promise.all([
      commitSide(blueprint, repository, base, join(scratch, "base"), environments),
      head === undefined
        ? treeSide(blueprint, repository, "working tree", repository, environments)
        : commitSide(blueprint, repository, head, join(scratch, "head"), environments),
    ]);
    return { base: baseSide, head: headSide, dispose: () => rm(scratch, { recursive: true, force: true }) };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function commitSide(
  blueprint: Blueprint,
  repository: string,
  ref: string,
  folder: string,
  environments: readonly string[],
): Promise<Side> {
  const commit = await resolveCommit(repository, ref);
  await mkdir(folder, { recursive: true });
  // The whole tree but the rendered output: the side's declarations and, where it differs, its engine.
  // NUL-separated and literal: names with spaces, quotes, glob characters or non-ASCII letters come through as they are.
  const { stdout: entries } = await git("git", ["ls-tree", "-z", "--name-only", commit], {
    cwd: repository,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wanted = entries.split("\0").filter((entry) => entry !== "" && entry !== "deploy");
  const archive = `${folder}.tar`;
  await git("git", ["--literal-pathspecs", "archive", "--format=tar", "-o", archive, commit, "--", ...wanted], {
    cwd: repository,
  });
  await git("tar", ["-x", "-f", archive, "-C", folder]);
  return treeSide(blueprint, repository, `${ref} (${commit.slice(0, 7)})`, folder, environments);
}

async function treeSide(
  blueprint: Blueprint,
  repository: string,
  label: string,
  root: string,
  environments: readonly string[],
): Promise<Side> {
  const ownEngine = resolve(root) !== RUNNING_ROOT && !(await sameAsRunningEngine(root));
  const failed = (failure: string): Side => ({
    label,
    root,
    platform: undefined,
    failure,
    ownEngine,
    objects: () => undefined,
  });
  try {
    if (!ownEngine) return runningEngineSide(blueprint, label, root, await loadPlatform(root));
    const rendered = await ownEngineRender(repository, root, environments);
    return typeof rendered === "string" ? failed(rendered) : ownEngineSide(label, root, rendered);
  } catch (error) {
    // The side's own engine has its own DeclarationError class: recognise it by name.
    if (error instanceof DeclarationError || (error instanceof Error && error.name === "DeclarationError"))
      return failed(error.message);
    // Anything else the running engine throws is a defect to see; the side's own engine only failed to render it.
    if (ownEngine) return failed(`its own Trellis code failed to render it: ${firstLine(error)}`);
    throw error;
  }
}

/** Rendered by this process's engine, one folder at a time, without writing YAML. */
function runningEngineSide(blueprint: Blueprint, label: string, root: string, platform: Platform): Side {
  const rendered = new Map<string, readonly ManifestObject[] | undefined>();
  const render = (folder: string) => {
    if (folder === DELIVERY_FOLDER) return renderPlatformDeliveryObjects(blueprint, platform.environments);
    const environment = platform.environments.find((candidate) => candidate.name === folder);
    return environment ? renderEnvironmentObjects(blueprint, environment) : undefined;
  };
  return {
    label,
    root,
    platform,
    failure: undefined,
    ownEngine: false,
    objects(folder) {
      if (!rendered.has(folder))
        rendered.set(
          folder,
          phase("trellis.render", { "trellis.environment": folder }, () => render(folder)),
        );
      return rendered.get(folder);
    },
  };
}

/** Rendered whole by the side's own engine; its files read back into objects when asked for. */
function ownEngineSide(label: string, root: string, rendered: RenderedPlatform): Side {
  const read = new Map<string, readonly ManifestObject[] | undefined>();
  return {
    label,
    root,
    platform: rendered.platform,
    failure: undefined,
    ownEngine: true,
    objects(folder) {
      if (!read.has(folder)) {
        const files = rendered.folders.find((candidate) => candidate.name === folder)?.files;
        read.set(
          folder,
          files?.map((file) => ({
            path: file.path,
            object: (readYamlDocuments(file.content)[0]?.value ?? {}) as Record<string, unknown>,
          })),
        );
      }
      return read.get(folder);
    },
  };
}

/** The side's own lib/synth.ts, loaded from its tree; a string says why it cannot render. */
async function ownEngineRender(
  repository: string,
  root: string,
  environments: readonly string[],
): Promise<RenderedPlatform | string> {
  // The side's engine imports its packages from the repository's node_modules, else the running one's.
  const modules = (await exists(join(repository, "node_modules")))
    ? join(repository, "node_modules")
    : join(RUNNING_ROOT, "node_modules");
  await symlink(modules, join(root, "node_modules"), "dir");
  // A side with a composition root (blueprint.ts) hands it to its engine; older sides' engines take none.
  const composed = await exists(join(root, "blueprint.ts"));
  let engine: { renderPlatform?: (...args: unknown[]) => Promise<RenderedPlatform> };
  let sideBlueprint: { blueprint?: unknown } = {};
  try {
    engine = (await import(pathToFileURL(join(root, "lib", "synth.ts")).href)) as typeof engine;
    if (composed)
      sideBlueprint = (await import(pathToFileURL(join(root, "blueprint.ts")).href)) as typeof sideBlueprint;
  } catch (error) {
    return `its own Trellis code does not load: ${firstLine(error)}`;
  }
  if (typeof engine.renderPlatform !== "function")
    return "its lib/synth.ts has no renderPlatform, so this Trellis cannot render it";
  if (composed && sideBlueprint.blueprint === undefined)
    return "its blueprint.ts exports no blueprint, so this Trellis cannot render it";
  return composed
    ? engine.renderPlatform(sideBlueprint.blueprint, root, { environments })
    : engine.renderPlatform(root, { environments });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

async function resolveCommit(repository: string, ref: string): Promise<string> {
  try {
    const { stdout } = await git("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: repository });
    return stdout.trim();
  } catch {
    throw new ReviewInputError(
      `"${ref}" is not a commit of the git repository at ${repository}; give a branch, tag or commit (e.g. --base origin/main)`,
    );
  }
}

/** The running engine's file hashes, read once per process: both sides compare against them. */
let runningEngine: Promise<Map<string, string>> | undefined;

/** Whether every engine file of the tree has the same bytes as the running engine's. */
async function sameAsRunningEngine(root: string): Promise<boolean> {
  const [side, running] = await Promise.all([engineHashes(root), (runningEngine ??= engineHashes(RUNNING_ROOT))]);
  return side.size === running.size && [...side].every(([file, hash]) => running.get(file) === hash);
}

/** Each engine file of a tree, by path, with the hash of its bytes. */
async function engineHashes(root: string): Promise<Map<string, string>> {
  const files: string[] = [];
  for (const entry of ENGINE_ENTRIES) {
    const path = join(root, entry);
    let listed;
    try {
      listed = await readdir(path, { recursive: true, withFileTypes: true });
    } catch {
      // A file (versions.ts), or missing on this side.
      if (await exists(path)) files.push(entry);
      continue;
    }
    for (const file of listed) {
      if (!file.isFile()) continue;
      const name = relative(root, join(file.parentPath, file.name)).split(sep).join("/");
      files.push(name);
    }
  }
  return new Map(
    await Promise.all(
      files.map(
        async (file) =>
          [
            file,
            createHash("sha256")
              .update(await readFile(join(root, file)))
              .digest("hex"),
          ] as const,
      ),
    ),
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
