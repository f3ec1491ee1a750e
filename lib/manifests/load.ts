// Reads any folder or file of Kubernetes YAML (recursive, .yaml/.yml, multi-document, links followed) into
// objects that remember their file and line. Files are named relative to one root, so the answer does not
// depend on the working folder. Unreadable or hostile input is an InputError naming the file.
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { compareCodePoints } from "../sort.ts";
import { readYamlDocuments, YamlRefusal, type YamlDocument } from "./yaml-documents.ts";

export class InputError extends Error {}

/** Larger files are refused: no manifest is this big, and parsing one would take the memory of the run. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

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
    for (const { file, real } of await yamlFilesUnder(resolve(path), undefined, new Set())) {
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
    const parsed = parseFile(real, shown);
    objects.push(...parsed.objects);
    notObjects.push(...parsed.notObjects);
  }
  return { objects, notObjects, files: files.length, root: base };
}

function showPath(base: string, file: string): string {
  const path = relative(base, file);
  return (path.startsWith("..") ? file : path).split(sep).join("/");
}

interface FoundFile {
  /** As reached, for naming. */
  readonly file: string;
  /** With every link resolved, to read each file once. */
  readonly real: string;
}

/**
 * YAML files under a path, in sorted order. `real` is the path's own real path when the caller knows it
 * (a plain entry of a folder whose real path is known); links are resolved where they are met.
 */
async function yamlFilesUnder(path: string, real: string | undefined, visited: Set<string>): Promise<FoundFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `${path}: no such file or folder (or a link to nothing)` : `${path}: cannot be read (${code})`);
  }
  const realPath = real ?? (await realpath(path));
  if (info.isFile()) return [{ file: path, real: realPath }];
  if (!info.isDirectory()) throw new InputError(`${path}: not a file or folder`);
  // A link back up the tree would be walked forever; each real folder is walked once.
  if (visited.has(realPath)) return [];
  visited.add(realPath);
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  const found: FoundFile[] = [];
  for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (entry.name.startsWith(".")) continue;
    const child = join(path, entry.name);
    const childReal = entry.isSymbolicLink() ? undefined : join(realPath, entry.name);
    const isYaml = /\.ya?ml$/.test(entry.name) && entry.name !== "kustomization.yaml";
    if (entry.isFile()) {
      if (isYaml) found.push({ file: child, real: childReal ?? child });
    } else if (isYaml || entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(child)))) {
      // A folder, a link, or something a .yaml name calls a file: looked at (and refused) on its own.
      found.push(...(await yamlFilesUnder(child, childReal, visited)));
    }
  }
  return found;
}

function parseFile(file: string, shown: string): { objects: LoadedObject[]; notObjects: NotAnObject[] } {
  let text: string;
  try {
    // Synchronous: thousands of small files read one after another cost less than as many thread-pool round trips.
    const descriptor = openSync(file, "r");
    try {
      if (fstatSync(descriptor).size > MAX_FILE_BYTES) throw new InputError(`${shown}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; not a manifest this tool reads`);
      text = readFileSync(descriptor, "utf8");
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let documents: YamlDocument[];
  try {
    documents = readYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlRefusal) throw new InputError(`${shown}:${error.line}: ${error.reason}`);
    throw error;
  }
  const objects: LoadedObject[] = [];
  const notObjects: NotAnObject[] = [];
  for (const { line, value, itemLines } of documents) {
    if (value === null || value === undefined) continue;
    const reason = notAnObjectReason(value);
    if (reason) {
      notObjects.push({ file: shown, line, reason });
      continue;
    }
    const object = value as Record<string, any>;
    // kubectl and Argo CD apply each item of a List (kind: List, or any <Kind>List with items).
    if (String(object.kind).endsWith("List") && Array.isArray(object.items)) {
      object.items.forEach((item: unknown, index: number) => {
        const itemLine = itemLines[index] ?? line;
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
