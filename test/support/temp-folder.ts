// Temporary folders for one test, removed when the test ends (passed or failed).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { TEMP_PREFIX } from "./leftovers.ts";

export async function testFolder(name: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${name}-`));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A test folder holding the given files: relative path → content. */
export async function folderWith(files: Record<string, string>, name = "check"): Promise<string> {
  const folder = await testFolder(name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(folder, path, ".."), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  return folder;
}
