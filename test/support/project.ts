// A throw-away copy of the reference project (declarations and rendered deploy/) for tests that change it.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, inject, onTestFinished } from "vitest";
import { DECLARATION_FOLDERS } from "../../lib/declarations/load-declarations.ts";
import { blueprint } from "../../blueprint.ts";
import { main } from "../../lib/cli/main.ts";
import { replaceFolders } from "../../lib/output/replace-folders.ts";
import { renderPlatform, type RenderedPlatform } from "../../lib/synth.ts";

export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

export interface ProjectCopy {
  readonly root: string;
  readonly deploy: string;
  /** Replaces text in a declaration file; fails the test when the text is not there. */
  edit(file: string, from: string, to: string): Promise<void>;
  write(file: string, content: string): Promise<void>;
}

/** Called inside a test; the copy is removed when the test ends. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = await mkdtemp(join(tmpdir(), "trellis-test-"));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  for (const folder of [...DECLARATION_FOLDERS, "deploy"]) {
    await cp(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  }
  // The settings, with the shared material beside the project still found from the copy.
  const settings = await readFile(join(PROJECT_ROOT, "trellis.config.ts"), "utf8");
  await writeFile(
    join(root, "trellis.config.ts"),
    settings
      .replaceAll('"../shared/', `"${resolve(PROJECT_ROOT, "..", "shared")}/`)
      .replaceAll("`../shared/", `\`${resolve(PROJECT_ROOT, "..", "shared")}/`),
  );
  return {
    root,
    deploy: join(root, "deploy"),
    async edit(file, from, to) {
      const path = join(root, file);
      const content = await readFile(path, "utf8");
      if (!content.includes(from)) throw new Error(`test setup: ${file} does not contain ${JSON.stringify(from)}`);
      await writeFile(path, content.replace(from, to));
    },
    async write(file, content) {
      await writeFile(join(root, file), content);
    },
  };
}

/** Every file under a folder with its bytes, keyed by relative path. */
export async function readTree(folder: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else tree.set(relative(folder, path), await readFile(path, "utf8"));
    }
  };
  await walk(folder);
  return new Map([...tree.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process and captures what it prints. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) },
    blueprint,
  );
  return { code, stdout, stderr };
}

/**
 * Runs the `trellis` binary as users do, capturing its output and exit code: `npx trellis` in the project,
 * and the same bin script through tsx from any other working folder.
 */
export async function runBinary(args: readonly string[], cwd = PROJECT_ROOT): Promise<CliRun> {
  const [command, prefix] =
    cwd === PROJECT_ROOT
      ? ["npx", ["--no-install", "trellis"]]
      : [join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [join(PROJECT_ROOT, "bin", "trellis.ts")]];
  try {
    const { stdout, stderr } = await promisify(execFile)(command, [...prefix, ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Rendered folders as one map from `<env>/<layer>/<file>` to bytes. */
export function asTree(folders: RenderedPlatform["folders"]): Map<string, string> {
  return new Map(
    folders.flatMap((folder) => folder.files.map((file) => [`${folder.name}/${file.path}`, file.content] as const)),
  );
}

let rendered: Promise<string> | undefined;

/**
 * The reference platform rendered from its declarations now, written once per test file to a temporary
 * folder laid out like deploy/, for tools that read files (kubectl, kubeconform, kustomize). Tests check the
 * code's output this way; only the freshness test compares the committed deploy/.
 */
export function renderedDeploy(): Promise<string> {
  rendered ??= (async () => {
    // Shared by every file of the worker; the run's scratch folder goes when the whole run ends.
    const out = await mkdtemp(join(inject("runScratch"), "rendered-"));
    await replaceFolders(out, (await renderPlatform(blueprint, PROJECT_ROOT)).folders, { prune: false });
    return out;
  })();
  return rendered;
}

/** A message for a person, not a crash: no stack frame in what the CLI printed. */
export function expectNoStackTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
}
