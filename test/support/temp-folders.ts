// A test folder (removed when its test ends) holding the given files: relative path → content.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { testFolder } from "./temp-folder.ts";

export async function folderWith(files: Record<string, string>, name = "check"): Promise<string> {
  const folder = await testFolder(name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(folder, path, ".."), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  return folder;
}
