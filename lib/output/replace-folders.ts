// Writes rendered folders into the output folder: all of them are swapped in, or none. Only folders Trellis
// wrote are ever replaced or removed; files whose bytes are unchanged keep their modification time (they are
// hard-linked into the new folder, not rewritten). One run at a time holds the output's lock, and a journal
// written before the first rename lets the next run finish a swap that a killed run left half-way.
import { linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { ManifestFile } from "../render/manifest-files.ts";
import { errnoReason, OutputError } from "./output-error.ts";
import { lockOutput, type LockHolder } from "./output-lock.ts";
import { exists, foreignEntry, STAGING_PREFIX } from "./ownership.ts";
import {
  closeJournal,
  recoverInterruptedSwap,
  stepBack,
  stepForward,
  writeJournal,
  type Journal,
  type SwapStep,
} from "./swap-journal.ts";

export { OutputError };

export interface FolderContent {
  /** Folder name directly under the output folder, e.g. "dev". */
  readonly name: string;
  readonly files: readonly ManifestFile[];
}

export interface WriteSummary {
  /** Files whose bytes are new or changed. */
  readonly written: number;
  /** Files whose bytes were already there; their modification time is unchanged. */
  readonly kept: number;
  /** Files of the previous output that are no longer rendered. */
  readonly removed: number;
}

export interface ReplaceOptions {
  /** Also remove Trellis-written folders under the output that were not rendered this time. */
  readonly prune: boolean;
  /** How long to wait for another run holding the output's lock (default 60 s); 0 refuses at once. */
  readonly lockWaitMs?: number;
  /** Told once when another run holds the lock and this one waits for it. */
  readonly onWait?: (holder: LockHolder) => void;
  /** Told what an interrupted earlier run left and how it was finished. */
  readonly onRecover?: (what: string) => void;
  /** Called after each step of the swap; tests stop the process or throw there to prove every step is safe. */
  readonly onStep?: (step: SwapStep) => void;
}

const DEFAULT_LOCK_WAIT_MS = 60_000;

/**
 * 1. Take the output's lock; finish any swap an interrupted run recorded in its journal.
 * 2. The output folder may hold only folders Trellis wrote (and dot-entries, which are never touched);
 *    anything else refuses the whole write.
 * 3. Every folder is staged in full inside a dot-folder of the output.
 * 4. The journal records the swaps; then each target is moved aside and the staged folder renamed in. When a
 *    rename fails, the journal turns back and every folder already swapped is put back. When the process is
 *    killed, the next run reads the journal and finishes the swap.
 */
export async function replaceFolders(
  outDir: string,
  folders: readonly FolderContent[],
  options: ReplaceOptions,
): Promise<WriteSummary> {
  await mkdir(outDir, { recursive: true }).catch((error: Error) => {
    throw new OutputError(`cannot create ${outDir}: ${errnoReason(error)}; nothing was written`);
  });
  const lock = await lockOutput(outDir, {
    waitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
    command: "synth",
    onWait: options.onWait,
  }).catch((error: unknown) => {
    if (error instanceof OutputError) throw error;
    throw new OutputError(
      `cannot lock ${outDir}: ${errnoReason(error)}; nothing was written. Make ${outDir} writable by this user`,
    );
  });
  try {
    return await replaceLocked(outDir, folders, options);
  } finally {
    lock.release();
  }
}

async function replaceLocked(
  outDir: string,
  folders: readonly FolderContent[],
  options: ReplaceOptions,
): Promise<WriteSummary> {
  const onStep = options.onStep ?? (() => {});
  try {
    const recovered = recoverInterruptedSwap(outDir);
    if (recovered) options.onRecover?.(recovered);
  } catch (error) {
    if (error instanceof OutputError) throw error;
    throw new OutputError(
      `cannot finish the interrupted synth recorded in ${outDir}: ${errnoReason(error)}; nothing else was changed. Make ${outDir} writable, then run synth again`,
    );
  }
  const { owned, leftovers } = await claimOutput(outDir).catch((error: unknown) => {
    if (error instanceof OutputError) throw error;
    throw new OutputError(
      `cannot read ${outDir}: ${errnoReason(error)}; nothing was written. Make ${outDir} and everything under it readable by this user`,
    );
  });
  // With no journal left, a staging folder is an earlier run's half-made copy of new output: never the only copy.
  for (const leftover of leftovers) await rm(leftover, { recursive: true, force: true });
  const stagingName = `${STAGING_PREFIX}${process.pid}-${Date.now()}`;
  const staging = join(outDir, stagingName);
  const rendered = new Set(folders.map((folder) => folder.name));
  let summary: WriteSummary;
  try {
    summary = await stage(outDir, staging, folders, owned, onStep);
    for (const name of owned) {
      if (options.prune && !rendered.has(name))
        summary = { ...summary, removed: summary.removed + (await filesUnder(join(outDir, name))).size };
    }
    mkdirSync(join(staging, "old"), { recursive: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new OutputError(
      `cannot write ${outDir}: ${errnoReason(error)}; check that the folder is writable and has space`,
    );
  }

  const journal: Journal = {
    staging: stagingName,
    direction: "forward",
    swaps: [
      ...folders.map((folder) => ({ name: folder.name, install: true })),
      ...(options.prune ? owned.filter((name) => !rendered.has(name)).map((name) => ({ name, install: false })) : []),
    ],
  };
  try {
    writeJournal(outDir, journal);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new OutputError(
      `cannot write ${outDir}: ${errnoReason(error)}; check that the folder is writable and has space`,
    );
  }
  onStep("journal-written");
  for (const entry of journal.swaps) {
    try {
      stepForward(outDir, journal, entry, onStep);
    } catch (error) {
      throw rollBack(outDir, journal, join(outDir, entry.name), error);
    }
  }
  closeJournal(outDir, journal, onStep);
  return summary;
}

/** Turns the journal back and undoes the swaps done so far; the error says what state the output is in. */
function rollBack(outDir: string, journal: Journal, failedTarget: string, cause: unknown): OutputError {
  const backward: Journal = { ...journal, direction: "back" };
  try {
    writeJournal(outDir, backward);
    for (const entry of [...journal.swaps].reverse()) stepBack(outDir, backward, entry, () => {});
    closeJournal(outDir, backward, () => {});
  } catch (undoError) {
    return new OutputError(
      `cannot replace ${failedTarget}: ${errnoReason(cause)}; putting the previous folders back failed too (${errnoReason(undoError)}). ` +
        `They are kept in ${join(outDir, journal.staging, "old")}, and the next synth puts them back or finishes the swap`,
    );
  }
  return new OutputError(
    `cannot replace ${failedTarget}: ${errnoReason(cause)}; every folder under ${outDir} was put back as it was. Make ${outDir} and its folders writable by this user, then run synth again`,
  );
}

/** The Trellis-written folders under the output, and staging folders an interrupted run left; refuses anything else. */
async function claimOutput(outDir: string): Promise<{ owned: string[]; leftovers: string[] }> {
  const owned: string[] = [];
  const leftovers: string[] = [];
  let entries;
  try {
    entries = await readdir(outDir, { withFileTypes: true });
  } catch (error) {
    throw new OutputError(`cannot read ${outDir}: ${errnoReason(error)}; make it readable by this user`);
  }
  for (const entry of entries) {
    const path = join(outDir, entry.name);
    if (entry.name.startsWith(".")) {
      if (entry.name.startsWith(STAGING_PREFIX) && entry.isDirectory() && (await foreignEntry(path)) === undefined)
        leftovers.push(path);
      continue;
    }
    const foreign = entry.isDirectory() ? await foreignEntry(path) : path;
    if (foreign !== undefined) {
      throw new OutputError(
        `${outDir} holds ${relative(outDir, foreign) || foreign}, which synth did not write; synth writes only into a folder holding nothing but its own output ` +
          `(every file starting with its render header). Move that out of ${outDir}, or choose another --out`,
        "foreign",
      );
    }
    owned.push(entry.name);
  }
  return { owned: owned.sort(), leftovers };
}

/** Synchronous file calls: one thread-pool round trip per file would cost more than writing it. */
async function stage(
  outDir: string,
  staging: string,
  folders: readonly FolderContent[],
  owned: readonly string[],
  onStep: (step: SwapStep) => void,
): Promise<WriteSummary> {
  let written = 0;
  let kept = 0;
  let removed = 0;
  const made = new Set<string>();
  for (const folder of folders) {
    const target = join(outDir, folder.name);
    const previous = owned.includes(folder.name) ? await filesUnder(target) : new Set<string>();
    for (const file of folder.files) {
      const path = join(staging, "new", folder.name, file.path);
      const parent = dirname(path);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      const old = join(target, file.path);
      if (previous.has(file.path) && readFileSync(old, "utf8") === file.content) {
        kept += 1;
        // A hard link keeps the file's modification time; where links are not allowed, the bytes are copied.
        try {
          linkSync(old, path);
        } catch {
          writeFileSync(path, file.content, "utf8");
        }
      } else {
        written += 1;
        writeFileSync(path, file.content, "utf8");
      }
    }
    const now = new Set(folder.files.map((file) => file.path));
    removed += [...previous].filter((path) => !now.has(path)).length;
    onStep(`staged:${folder.name}`);
  }
  return { written, kept, removed };
}

/** Relative '/'-separated paths of the files under a folder. */
async function filesUnder(folder: string): Promise<Set<string>> {
  if (!(await exists(folder))) return new Set();
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return new Set(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split("\\").join("/")),
  );
}
