// A throw-away git repository holding a copy of the project (everything git tracks but deploy/, docs/ and
// test/), for tests of commands that compare commits.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "./project.ts";

const run = promisify(execFile);

export interface GitProject {
  readonly root: string;
  /** Replaces text in a file; fails the test when the text is not there. */
  edit(file: string, from: string | RegExp, to: string): Promise<void>;
  write(file: string, content: string): Promise<void>;
  remove(file: string): Promise<void>;
  /** Commits everything; returns the commit. */
  commit(message: string): Promise<string>;
}

export async function gitProject(): Promise<GitProject> {
  const root = await mkdtemp(join(tmpdir(), "trellis-git-"));
  const { stdout } = await run("git", ["ls-files"], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split("\n").filter((path) => path && !/^(deploy|docs|test)\//.test(path))) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await copyFile(join(PROJECT_ROOT, file), join(root, file));
  }
  // The settings name the shared material beside the project; the copy points at the same folder.
  const settings = join(root, "trellis.config.ts");
  const shared = resolve(PROJECT_ROOT, "..", "shared");
  await writeFile(
    settings,
    (await readFile(settings, "utf8"))
      .replaceAll('"../shared/', `"${shared}/`)
      .replaceAll("`../shared/", `\`${shared}/`),
  );
  const git = (...args: string[]) =>
    run(
      "git",
      ["-c", "user.name=Trellis Test", "-c", "user.email=test@trellis.invalid", "-c", "commit.gpgsign=false", ...args],
      { cwd: root },
    );
  await git("init", "--quiet", "--initial-branch=main");
  return {
    root,
    async edit(file, from, to) {
      const path = join(root, file);
      const content = await readFile(path, "utf8");
      if (typeof from === "string" ? !content.includes(from) : !from.test(content))
        throw new Error(`test setup: ${file} does not contain ${String(from)}`);
      await writeFile(path, content.replace(from, to));
    },
    async write(file, content) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), content);
    },
    async remove(file) {
      await git("rm", "--quiet", file);
    },
    async commit(message) {
      await git("add", "--all");
      await git("commit", "--quiet", "--allow-empty", "-m", message);
      return (await git("rev-parse", "HEAD")).stdout.trim();
    },
  };
}
