// Which project a command works on: --root when given, else the nearest folder up from the working folder that
// holds trellis.config.ts (as git finds .git), else the working folder itself (whose missing settings the command
// then reports).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CONFIG_FILE } from "../config.ts";

export function projectRoot(given: string | undefined, start: string = process.cwd()): string {
  if (given !== undefined) return resolve(given);
  return findProjectRoot(start) ?? resolve(start);
}

/** The nearest folder from `start` up that holds trellis.config.ts; undefined when none does. */
export function findProjectRoot(start: string): string | undefined {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, CONFIG_FILE))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
