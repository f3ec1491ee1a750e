// A temporary folder for one test, removed when the test ends (passed or failed).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { TEMP_PREFIX } from "./leftovers.ts";

export async function testFolder(name: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${name}-`));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}
