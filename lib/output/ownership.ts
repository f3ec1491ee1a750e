// What Trellis may remove or replace: only folders it wrote, recognised by the header on every file.
import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { lstat } from "node:fs/promises";
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
  // Synchronous: a platform's output is tens of thousands of small files, and one thread-pool round trip per
  // file costs more than the read.
  const walk = (current: string): string | undefined => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        const found = walk(path);
        if (found) return found;
      } else if (entry.isFile() && startsWithHeader(path)) {
        files += 1;
      } else {
        return path;
      }
    }
    return undefined;
  };
  const found = walk(folder);
  if (found) return found;
  return files === 0 ? `${folder} (empty)` : undefined;
}

const HEADER_BYTES = Buffer.from(RENDER_HEADER, "utf8");

function startsWithHeader(file: string): boolean {
  const descriptor = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(HEADER_BYTES.length);
    const bytesRead = readSync(descriptor, buffer, 0, HEADER_BYTES.length, 0);
    return bytesRead === HEADER_BYTES.length && buffer.equals(HEADER_BYTES);
  } finally {
    closeSync(descriptor);
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
