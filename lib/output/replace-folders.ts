// Writes rendered environments so that each output folder is either fully replaced or left as it was.
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ManifestFile } from "../render/manifest-files.ts";

/** The output could not be staged; nothing under the output folder was replaced. */
export class OutputError extends Error {}

export interface FolderContent {
  /** Folder name directly under the output folder, e.g. "dev". */
  readonly name: string;
  readonly files: readonly ManifestFile[];
}

/**
 * Every folder is first written in full beside its target; only when all are written are they swapped in,
 * each by rename. A failure while writing removes what was staged and leaves the output untouched.
 * With `prune`, folders under the output that were not rendered are removed (the output is owned by synth).
 */
export async function replaceFolders(outDir: string, folders: readonly FolderContent[], options: { prune: boolean }): Promise<void> {
  await mkdir(outDir, { recursive: true }).catch((error: Error) => {
    throw new OutputError(`cannot create ${outDir}: ${error.message}`);
  });
  const token = `${process.pid}-${Date.now()}`;
  const staged: { staging: string; target: string }[] = [];
  try {
    for (const folder of folders) {
      const staging = join(outDir, `.staging-${folder.name}-${token}`);
      staged.push({ staging, target: join(outDir, folder.name) });
      for (const file of folder.files) {
        const path = join(staging, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content, "utf8");
      }
    }
  } catch (error) {
    await Promise.all(staged.map(({ staging }) => rm(staging, { recursive: true, force: true })));
    throw new OutputError(`cannot write ${outDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const { staging, target } of staged) {
    const old = `${staging}.old`;
    await rename(target, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    await rename(staging, target);
    await rm(old, { recursive: true, force: true });
  }
  if (options.prune) {
    const keep = new Set(folders.map((folder) => folder.name));
    for (const entry of await readdir(outDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !keep.has(entry.name)) await rm(join(outDir, entry.name), { recursive: true, force: true });
    }
  }
}
