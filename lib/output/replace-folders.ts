// Writes rendered folders into the output folder: all of them are swapped in, or none (a failed swap is rolled
// back). Only folders Trellis wrote are ever replaced or removed; files whose bytes are unchanged keep their
// modification time (they are hard-linked into the new folder, not rewritten).
import { linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import type { ManifestFile } from "../render/manifest-files.ts";
import { exists, foreignEntry, STAGING_PREFIX } from "./ownership.ts";

/** The output could not be written; what the message says was left as it was. */
export class OutputError extends Error {}

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
  /** Replaces the rename used to swap folders; tests use it to make one swap fail. */
  readonly rename?: (from: string, to: string) => Promise<void>;
}

interface Swap {
  readonly name: string;
  readonly target: string;
  /** Where the previous folder was moved to, once it was. */
  backup?: string;
  /** True once the new folder is in place. */
  installed: boolean;
}

/**
 * 1. The output folder may hold only folders Trellis wrote (and dot-entries, which are never touched);
 *    anything else refuses the whole write.
 * 2. Every folder is staged in full inside a dot-folder of the output.
 * 3. Each target is moved aside and the staged folder renamed in; when a rename fails, every folder already
 *    swapped is put back. Renames are atomic one by one, not as a group: a process killed between two renames
 *    leaves a mix, which the next synth replaces (its staging folder is removed then too).
 */
export async function replaceFolders(outDir: string, folders: readonly FolderContent[], options: ReplaceOptions): Promise<WriteSummary> {
  const swapRename = options.rename ?? rename;
  await mkdir(outDir, { recursive: true }).catch((error: Error) => {
    throw new OutputError(`cannot create ${outDir}: ${error.message}; nothing was written`);
  });
  const { owned, leftovers } = await claimOutput(outDir);
  const staging = join(outDir, `${STAGING_PREFIX}${process.pid}-${Date.now()}`);
  const rendered = new Set(folders.map((folder) => folder.name));
  let summary: WriteSummary;
  try {
    summary = await stage(outDir, staging, folders, owned);
    for (const name of owned) {
      if (options.prune && !rendered.has(name)) summary = { ...summary, removed: summary.removed + (await filesUnder(join(outDir, name))).size };
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new OutputError(`cannot write ${outDir}: ${reason(error)}; check that the folder is writable and has space`);
  }

  const swaps: Swap[] = [
    ...folders.map((folder) => ({ name: folder.name, target: join(outDir, folder.name), installed: false })),
    ...(options.prune ? owned.filter((name) => !rendered.has(name)).map((name) => ({ name, target: join(outDir, name), installed: false })) : []),
  ];
  await mkdir(join(staging, "old"), { recursive: true });
  for (const swap of swaps) {
    try {
      if (owned.includes(swap.name)) {
        const backup = join(staging, "old", swap.name);
        await swapRename(swap.target, backup);
        swap.backup = backup;
      }
      if (rendered.has(swap.name)) {
        await swapRename(join(staging, "new", swap.name), swap.target);
        swap.installed = true;
      }
    } catch (error) {
      const unrestored = await rollBack(swaps, staging);
      if (unrestored.length === 0) await rm(staging, { recursive: true, force: true });
      const state =
        unrestored.length === 0
          ? `every folder under ${outDir} was put back as it was`
          : `could not put back ${unrestored.join(", ")}; the previous folders are in ${join(staging, "old")}`;
      throw new OutputError(`cannot replace ${swap.target}: ${reason(error)}; ${state}. Make ${outDir} and its folders writable by this user, then run synth again`);
    }
  }
  await rm(staging, { recursive: true, force: true });
  for (const leftover of leftovers) await rm(leftover, { recursive: true, force: true });
  return summary;
}

/** The Trellis-written folders under the output, and staging folders an interrupted run left; refuses anything else. */
async function claimOutput(outDir: string): Promise<{ owned: string[]; leftovers: string[] }> {
  const owned: string[] = [];
  const leftovers: string[] = [];
  let entries;
  try {
    entries = await readdir(outDir, { withFileTypes: true });
  } catch (error) {
    throw new OutputError(`cannot read ${outDir}: ${reason(error)}`);
  }
  for (const entry of entries) {
    const path = join(outDir, entry.name);
    if (entry.name.startsWith(".")) {
      if (entry.name.startsWith(STAGING_PREFIX) && entry.isDirectory() && (await foreignEntry(path)) === undefined) leftovers.push(path);
      continue;
    }
    const foreign = entry.isDirectory() ? await foreignEntry(path) : path;
    if (foreign !== undefined) {
      throw new OutputError(
        `${outDir} holds ${relative(outDir, foreign) || foreign}, which synth did not write; synth writes only into a folder holding nothing but its own output ` +
          `(every file starting with its render header). Move that out of ${outDir}, or choose another --out`,
      );
    }
    owned.push(entry.name);
  }
  return { owned: owned.sort(), leftovers };
}

/** Synchronous file calls: one thread-pool round trip per file would cost more than writing it. */
async function stage(outDir: string, staging: string, folders: readonly FolderContent[], owned: readonly string[]): Promise<WriteSummary> {
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
  }
  return { written, kept, removed };
}

/** Relative '/'-separated paths of the files under a folder. */
async function filesUnder(folder: string): Promise<Set<string>> {
  if (!(await exists(folder))) return new Set();
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return new Set(entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)).split("\\").join("/")));
}

/** Undoes the swaps done so far, newest first; returns the targets that could not be restored. */
async function rollBack(swaps: readonly Swap[], staging: string): Promise<string[]> {
  const unrestored: string[] = [];
  for (const swap of [...swaps].reverse()) {
    try {
      if (swap.installed) await rename(swap.target, join(staging, "new", swap.name));
      if (swap.backup) await rename(swap.backup, swap.target);
    } catch {
      unrestored.push(swap.target);
    }
  }
  return unrestored;
}

function reason(error: unknown): string {
  const failed = error as NodeJS.ErrnoException;
  return failed.code ? `${failed.code} (${failed.message.replace(/^[A-Z]+: /, "")})` : String(failed.message ?? error);
}
