// Reads any folder or file of Kubernetes YAML (recursive, .yaml/.yml, multi-document, links followed) into
// objects that remember their file and line. Files are named relative to one root, so the answer does not
// depend on the working folder. Unreadable or hostile input is an InputError naming the file.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { compareCodePoints } from "../sort.ts";

export class InputError extends Error {}

/** Larger files are refused: no manifest is this big, and parsing one would take the memory of the run. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Alias expansions allowed per document (the `yaml` package's guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export interface LoadedObject {
  /** Path relative to the load's root, '/' separated. */
  readonly file: string;
  /** 1-based line where the document (or the List item) starts. */
  readonly line: number;
  readonly object: Record<string, any>;
  /** The Application that syncs it, when known otherwise than by its file (a chart's rendered object). */
  readonly application?: string;
}

/** A YAML document that is not a Kubernetes object (no string kind and apiVersion), kept to be reported. */
export interface NotAnObject {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

export interface LoadedSet {
  readonly objects: readonly LoadedObject[];
  readonly notObjects: readonly NotAnObject[];
  readonly files: number;
  /** The folder file paths are relative to. */
  readonly root: string;
}

/**
 * The folder paths are shown and matched relative to (an Argo CD source.path is relative to its repository):
 * the nearest folder holding `.git` above the first path, else `fallback`, else the paths' common folder.
 */
export async function manifestRoot(paths: readonly string[], fallback?: string): Promise<string> {
  const first = paths[0];
  if (first !== undefined) {
    let current = resolve(first);
    for (;;) {
      if (await isPresent(join(current, ".git"))) return current;
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  if (fallback !== undefined) return resolve(fallback);
  return commonFolder(paths.map((path) => resolve(path)));
}

export async function loadManifests(paths: readonly string[], root?: string): Promise<LoadedSet> {
  const base = root ?? (await manifestRoot(paths));
  const byRealPath = new Map<string, string>();
  for (const path of paths) {
    for (const file of await yamlFilesUnder(resolve(path), new Set())) {
      const real = await realpath(file);
      const shown = showPath(base, file);
      const known = byRealPath.get(real);
      // A file reached through several links is read once, under its first name in sorted order.
      if (known === undefined || compareCodePoints(shown, known) < 0) byRealPath.set(real, shown);
    }
  }
  const files = [...byRealPath.entries()].sort(([, a], [, b]) => compareCodePoints(a, b));
  const objects: LoadedObject[] = [];
  const notObjects: NotAnObject[] = [];
  for (const [real, shown] of files) {
    const parsed = await parseFile(real, shown);
    objects.push(...parsed.objects);
    notObjects.push(...parsed.notObjects);
  }
  return { objects, notObjects, files: files.length, root: base };
}

function showPath(base: string, file: string): string {
  const path = relative(base, file);
  return (path.startsWith("..") ? file : path).split(sep).join("/");
}

async function yamlFilesUnder(path: string, visited: Set<string>): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `${path}: no such file or folder (or a link to nothing)` : `${path}: cannot be read (${code})`);
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new InputError(`${path}: not a file or folder`);
  // A link back up the tree would be walked forever; each real folder is walked once.
  const real = await realpath(path);
  if (visited.has(real)) return [];
  visited.add(real);
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (entry.name.startsWith(".")) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(child)))) {
      found.push(...(await yamlFilesUnder(child, visited)));
    } else if (/\.ya?ml$/.test(entry.name) && entry.name !== "kustomization.yaml") {
      found.push(...(await yamlFilesUnder(child, visited)));
    }
  }
  return found;
}

async function parseFile(file: string, shown: string): Promise<{ objects: LoadedObject[]; notObjects: NotAnObject[] }> {
  let text: string;
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) throw new InputError(`${shown}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; not a manifest this tool reads`);
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: "1.1" });
  const objects: LoadedObject[] = [];
  const notObjects: NotAnObject[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      throw new InputError(`${shown}:${line}: YAML syntax error: ${error.message.split("\n")[0]}`);
    }
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? 0).line;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (failure) {
      throw new InputError(`${shown}:${line}: refused: ${failure instanceof Error ? failure.message.split("\n")[0] : String(failure)}`);
    }
    if (value === null || value === undefined) continue;
    const reason = notAnObjectReason(value);
    if (reason) {
      notObjects.push({ file: shown, line, reason });
      continue;
    }
    const object = value as Record<string, any>;
    // kubectl and Argo CD apply each item of a List (kind: List, or any <Kind>List with items).
    if (String(object.kind).endsWith("List") && Array.isArray(object.items)) {
      const items = (document.contents as { get?: (key: string, keep: boolean) => unknown } | null)?.get?.("items", true) as { items?: { range?: number[] }[] } | undefined;
      object.items.forEach((item: unknown, index: number) => {
        const itemLine = lineCounter.linePos(items?.items?.[index]?.range?.[0] ?? 0).line;
        const itemReason = notAnObjectReason(item);
        if (itemReason) notObjects.push({ file: shown, line: itemLine, reason: `items[${index}] of ${object.kind}: ${itemReason}` });
        else objects.push({ file: shown, line: itemLine, object: item as Record<string, any> });
      });
      continue;
    }
    objects.push({ file: shown, line, object });
  }
  return { objects, notObjects };
}

function notAnObjectReason(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `a ${typeof value} value, not a mapping`;
  if (Array.isArray(value)) return "a sequence, not a mapping";
  const object = value as Record<string, unknown>;
  const missing = ["apiVersion", "kind"].filter((field) => typeof object[field] !== "string" || object[field] === "");
  if (missing.length === 0) return undefined;
  const lookalikes = Object.keys(object).filter((key) => missing.some((field) => key.toLowerCase() === field.toLowerCase() && key !== field));
  return `no ${missing.join(" or ")}${lookalikes.length > 0 ? ` (found ${lookalikes.map((key) => `"${key}"`).join(", ")}: field names are case-sensitive)` : ""}`;
}

async function isPresent(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return process.cwd();
  const split = paths.map((path) => path.split(sep));
  const first = split[0] ?? [];
  let length = 0;
  while (length < first.length && split.every((parts) => parts[length] === first[length])) length += 1;
  const common = first.slice(0, length).join(sep) || sep;
  // A single file's common folder is its own folder.
  return paths.length === 1 && paths[0] === common ? dirname(common) : common;
}
