// Temporary folders of files for a test file, all removed when it ends.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export interface TempFolders {
  /** A new folder holding the files (relative path → content). */
  with(files: Record<string, string>): Promise<string>;
  /** Removes `path` too when the test file ends. */
  track(path: string): void;
}

/** Call at a test file's top level: it registers the clean-up. */
export function tempFolders(prefix: string): TempFolders {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((folder) => rm(folder, { recursive: true, force: true })));
  });
  return {
    async with(files) {
      const folder = await mkdtemp(join(tmpdir(), prefix));
      made.push(folder);
      for (const [name, content] of Object.entries(files)) {
        await mkdir(join(folder, name, ".."), { recursive: true });
        await writeFile(join(folder, name), content);
      }
      return folder;
    },
    track(path) {
      made.push(path);
    },
  };
}
