// Crash safety of the output swap: a child process is killed (SIGKILL) after every step of a swap; each
// environment folder must then be whole (the previous or the new version) or recorded by the journal, and the
// next run, whatever environments it renders, must finish the swap. Two runs at once never mix their output.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_FILE, lockOutput } from "../../lib/output/output-lock.ts";
import { replaceFolders } from "../../lib/output/replace-folders.ts";
import { interruptedOutput, JOURNAL_FILE } from "../../lib/output/swap-journal.ts";
import { copyProject, PROJECT_ROOT, readTree, runCli } from "../support/project.ts";
import { TEMP_PREFIX } from "../support/leftovers.ts";
import { testFolder } from "../support/temp-folder.ts";
import { ENVIRONMENTS, foldersOf } from "./support/swap-child.ts";

const CHILD = join(import.meta.dirname, "support", "swap-child.ts");
const CHILD_DEADLINE_MS = 60_000;

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const children = new Set<ReturnType<typeof spawn>>();

afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

function runChild(args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // Node itself with tsx's loader, not the tsx wrapper: the killed process must be the one observed.
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`swap child did not finish within ${CHILD_DEADLINE_MS} ms: ${args.join(" ")}`));
    }, CHILD_DEADLINE_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function outputWithOldVersion(out?: string): Promise<string> {
  out ??= await testFolder("crash");
  // qa is no longer rendered by the child's full run: its removal is a step of the swap too.
  await replaceFolders(out, foldersOf("old", [...ENVIRONMENTS, "qa"]), { prune: false });
  return out;
}

const versionOf = (variant: string, name: string) =>
  new Map(foldersOf(variant, [name])[0]!.files.map((file) => [file.path, file.content]));

/** "old", "new", "missing" or "MIXED" for one folder under the output. */
async function stateOf(out: string, name: string): Promise<string> {
  const entries = await readdir(out);
  if (!entries.includes(name)) return "missing";
  const tree = await readTree(join(out, name));
  for (const variant of ["old", "new", "newer"]) {
    const expected = versionOf(variant, name);
    if (tree.size === expected.size && [...expected].every(([path, text]) => tree.get(path) === text)) return variant;
  }
  return "MIXED";
}

/** The steps of one whole swap, learnt before the tests are declared (one test per step). */
const allSteps = async (): Promise<string[]> => {
  const out = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}crash-steps-`));
  try {
    const run = await runChild([await outputWithOldVersion(out), "new", "-"]);
    if (run.code !== 0) throw new Error(`the swap child failed: ${run.stderr}`);
    return run.stdout.trim().split("\n");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
};

describe("a synth killed at any step of its swap", async () => {
  const steps = await allSteps();

  it("goes through staging, the journal, each swap and the clean-up, in that order", () => {
    expect(steps).toEqual([
      "staged:dev",
      "staged:prod",
      "staged:staging",
      "journal-written",
      "moved-aside:dev",
      "installed:dev",
      "moved-aside:prod",
      "installed:prod",
      "moved-aside:staging",
      "installed:staging",
      "moved-aside:qa",
      "staging-removed",
      "journal-removed",
    ]);
  });

  it.each(steps.map((step, index) => ({ step, number: index + 1 })))(
    "killed after $step: every folder is whole or in the journal, and the next run of one environment finishes the swap",
    async ({ step, number }) => {
      const out = await outputWithOldVersion();
      const killed = await runChild([out, "new", String(number)]);
      expect(killed.signal).toBe("SIGKILL");

      const interrupted = interruptedOutput(out);
      const journalWritten = number >= steps.indexOf("journal-written") + 1;
      expect(interrupted !== undefined).toBe(journalWritten && step !== "journal-removed");
      for (const name of ENVIRONMENTS) {
        const state = await stateOf(out, name);
        expect(["old", "new", "missing"], `${name} after ${step}`).toContain(state);
        // A folder is out of place only between its two renames, and then the journal names it.
        if (state === "missing") expect(interrupted?.missing, `${name} after ${step}`).toContain(name);
      }
      expect(["old", "missing"]).toContain(await stateOf(out, "qa"));

      // The next run renders dev only; the swap it finds is finished first, so no environment is lost.
      await replaceFolders(out, foldersOf("newer", ["dev"]), { prune: false, lockWaitMs: 0 });
      const finished = journalWritten ? "new" : "old";
      expect(await stateOf(out, "dev")).toBe("newer");
      expect(await stateOf(out, "prod")).toBe(finished);
      expect(await stateOf(out, "staging")).toBe(finished);
      expect(await stateOf(out, "qa")).toBe(journalWritten ? "missing" : "old");
      expect((await readdir(out)).filter((entry) => entry.startsWith("."))).toEqual([]);
    },
  );
});

describe("two runs on one output", () => {
  it("run at the same time, the output is one whole run's, never a mix", async () => {
    const out = await outputWithOldVersion();
    const [first, second] = await Promise.all([runChild([out, "A", "-"]), runChild([out, "B", "-"])]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const tree = await readTree(out);
    const variants = new Set([...tree.values()].map((text) => text.split("\n")[1]?.split(" ")[1]));
    expect(variants.size).toBe(1);
    expect(tree.size).toBe(ENVIRONMENTS.length * 5);
  });

  it("a run that may not wait refuses, naming the holder's pid, and writes nothing", async () => {
    const out = await outputWithOldVersion();
    const before = await readTree(out);
    const lock = await lockOutput(out, { waitMs: 0, command: "synth" });
    try {
      const refused = await runChild([out, "new", "-", "0"]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `is being written by another trellis synth (pid ${process.pid} on ${hostname()}`,
      );
      expect(refused.stdout).toBe("");
    } finally {
      lock.release();
    }
    expect(await readTree(out)).toEqual(before);
  });

  it("a lock left by a process that no longer runs is taken over", async () => {
    const out = await outputWithOldVersion();
    const gone = await runChild([out, "new", "1"]); // killed after staging: it holds the lock, and is dead
    expect(gone.signal).toBe("SIGKILL");
    expect(await readdir(out)).toContain(LOCK_FILE);
    const next = await runChild([out, "newer", "-", "0"]);
    expect(next.code, next.stderr).toBe(0);
    for (const name of ENVIRONMENTS) expect(await stateOf(out, name)).toBe("newer");
    expect(await readdir(out)).not.toContain(LOCK_FILE);
    expect(await readdir(out)).not.toContain(JOURNAL_FILE);
  });
});

describe("check on an output that is not whole", () => {
  it("an environment the ApplicationSet delivers but whose folder is missing: exit 2 naming it, not a pass", async () => {
    const project = await copyProject();
    await rm(join(project.deploy, "prod"), { recursive: true });
    const run = await runCli(["check", "--root", project.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /delivers prod, but prod\/ is missing from .*deploy; run trellis synth, then check again/,
    );
  });

  it("an output a killed synth left half-swapped: exit 2 naming the folder out of place; after the next synth, check runs", async () => {
    const project = await copyProject();
    const killed = await runChild([project.deploy, "new", "moved-aside:dev", "60000", "dev"]);
    expect(killed.signal).toBe("SIGKILL");
    const run = await runCli(["check", "--root", project.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /holds an unfinished synth \(.*\.trellis-journal\.json\); dev is not in place; run trellis synth to finish it/,
    );
    expect((await runCli(["synth", "--root", project.root])).code).toBe(0);
    expect((await runCli(["check", "--root", project.root])).code).toBe(0);
  });
});
