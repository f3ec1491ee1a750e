// What Trellis may remove or replace: only folders it wrote, recognised by the header on every file.
import { lstat, open, readdir } from "node:fs/promises";
import { join } from "node:path";

/** The first line of every file synth writes; it marks the file, and a folder of such files, as Trellis's. */
export const RENDER_HEADER = "# Rendered by `npm run synth` from the declarations; edit those, not this file.\n";

/** A dot-folder synth stages into inside the output folder; the only dot-entry it ever creates. */
export const STAGING_PREFIX = ".trellis-staging-";

/**
 * Why a folder is not entirely Trellis's output, or undefined when it is: every entry below it is a folder or
 * a regular file starting with the render header, and it holds at least one file. Links are never followed.
 */
export async function foreignEntry(folder: string): Promise<string | undefined> {
  let files = 0;
  const walk = async (current: string): Promise<string | undefined> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        const found = await walk(path);
        if (found) return found;
      } else if (entry.isFile() && (await startsWithHeader(path))) {
        files += 1;
      } else {
        return path;
      }
    }
    return undefined;
  };
  const found = await walk(folder);
  if (found) return found;
  return files === 0 ? `${folder} (empty)` : undefined;
}

async function startsWithHeader(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const expected = Buffer.from(RENDER_HEADER, "utf8");
    const buffer = Buffer.alloc(expected.length);
    const { bytesRead } = await handle.read(buffer, 0, expected.length, 0);
    return bytesRead === expected.length && buffer.equals(expected);
  } finally {
    await handle.close();
  }
}

/** True when the path exists without following a link at its end. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
