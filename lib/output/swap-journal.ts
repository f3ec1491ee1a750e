// The intent of a folder swap, written before the first rename, so that a run killed half-way can be finished
// by the next one. Every step checks what is on disk before it acts, so running a step twice is harmless.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { OutputError } from "./output-error.ts";

export const JOURNAL_FILE = ".trellis-journal.json";

export interface SwapEntry {
  /** Folder name directly under the output folder. */
  readonly name: string;
  /** A new version of the folder is staged under `<staging>/new/<name>` and goes in. */
  readonly install: boolean;
}

export interface Journal {
  /** Staging folder name under the output folder: `new/` holds the new versions, `old/` receives the previous ones. */
  readonly staging: string;
  /** forward: install the new versions; back: put the previous ones back (a swap failed part-way). */
  readonly direction: "forward" | "back";
  readonly swaps: readonly SwapEntry[];
}

/** Named points of a swap; tests stop a child process at each of them. */
export type SwapStep =
  | `staged:${string}`
  | `moved-aside:${string}`
  | `installed:${string}`
  | `restored:${string}`
  | "journal-written"
  | "staging-removed"
  | "journal-removed";

export function journalPath(outDir: string): string {
  return join(outDir, JOURNAL_FILE);
}

/** Written to a temporary file, flushed, then renamed over the journal: it is there whole, or not at all. */
export function writeJournal(outDir: string, journal: Journal): void {
  const path = journalPath(outDir);
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, "w");
  try {
    writeSync(descriptor, `${JSON.stringify(journal, null, 2)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
}

export function readJournal(outDir: string): Journal | undefined {
  const path = journalPath(outDir);
  if (!existsSync(path)) return undefined;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path, "utf8")) as Journal;
  } catch (error) {
    throw new OutputError(
      `${path} cannot be read (${(error as Error).message}); it records an interrupted synth. Restore the folders it names from ${outDir}/.trellis-staging-*/old by hand, then remove it`,
    );
  }
  if (
    typeof journal.staging !== "string" ||
    !Array.isArray(journal.swaps) ||
    !["forward", "back"].includes(journal.direction)
  ) {
    throw new OutputError(
      `${path} is not a journal this version of Trellis wrote; restore the folders it names by hand, then remove it`,
      "foreign",
    );
  }
  return journal;
}

interface Places {
  readonly target: string;
  readonly staged: string;
  readonly backup: string;
}

function places(outDir: string, journal: Journal, entry: SwapEntry): Places {
  return {
    target: join(outDir, entry.name),
    staged: join(outDir, journal.staging, "new", entry.name),
    backup: join(outDir, journal.staging, "old", entry.name),
  };
}

/** Moves the previous folder aside (once), then puts the new one in (once). */
export function stepForward(
  outDir: string,
  journal: Journal,
  entry: SwapEntry,
  onStep: (step: SwapStep) => void,
): void {
  const { target, staged, backup } = places(outDir, journal, entry);
  const pending = !entry.install || existsSync(staged);
  if (!pending) return;
  if (existsSync(target)) {
    if (existsSync(backup))
      throw new OutputError(
        `${target} and its backup ${backup} both exist; synth does not choose between them. Keep one, remove the other and ${journalPath(outDir)}, then run synth again`,
      );
    renameSync(target, backup);
    onStep(`moved-aside:${entry.name}`);
  }
  if (entry.install) {
    renameSync(staged, target);
    onStep(`installed:${entry.name}`);
  }
}

/** Takes the new folder out again (if it went in), then puts the previous one back (if it was moved). */
export function stepBack(outDir: string, journal: Journal, entry: SwapEntry, onStep: (step: SwapStep) => void): void {
  const { target, staged, backup } = places(outDir, journal, entry);
  if (entry.install && !existsSync(staged) && existsSync(target)) renameSync(target, staged);
  if (existsSync(backup) && !existsSync(target)) {
    renameSync(backup, target);
    onStep(`restored:${entry.name}`);
  }
}

/** Removes the staging folder, then the journal: the swap is over. */
export function closeJournal(outDir: string, journal: Journal, onStep: (step: SwapStep) => void): void {
  rmSync(join(outDir, journal.staging), { recursive: true, force: true });
  onStep("staging-removed");
  rmSync(journalPath(outDir), { force: true });
  onStep("journal-removed");
}

/** Finishes a swap that a killed run left, in the direction its journal says. Returns what it did, for the log. */
export function recoverInterruptedSwap(outDir: string): string | undefined {
  const journal = readJournal(outDir);
  if (journal === undefined) return undefined;
  const ignore = () => {};
  if (journal.direction === "forward") for (const entry of journal.swaps) stepForward(outDir, journal, entry, ignore);
  else for (const entry of [...journal.swaps].reverse()) stepBack(outDir, journal, entry, ignore);
  closeJournal(outDir, journal, ignore);
  const names = journal.swaps.map((entry) => entry.name).join(", ");
  return journal.direction === "forward"
    ? `finished an interrupted synth: installed ${names}`
    : `finished an interrupted synth: put back ${names}`;
}

export interface InterruptedOutput {
  readonly journal: string;
  /** Folders the journal names that are not in place under the output folder right now. */
  readonly missing: readonly string[];
}

/** What a reader of the output should know before trusting it: an unfinished swap and the folders it took out. */
export function interruptedOutput(outDir: string): InterruptedOutput | undefined {
  let journal: Journal | undefined;
  try {
    journal = readJournal(outDir);
  } catch {
    return { journal: journalPath(outDir), missing: [] };
  }
  if (journal === undefined) return undefined;
  const missing = journal.swaps.filter((entry) => !existsSync(join(outDir, entry.name))).map((entry) => entry.name);
  return { journal: journalPath(outDir), missing };
}
