// Reads any folder or file of Kubernetes YAML (recursive, .yaml/.yml, multi-document) into objects that
// remember their file and line. Unreadable input is an InputError naming the file and line.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { compareCodePoints } from "../sort.ts";

export class InputError extends Error {}

export interface LoadedObject {
  /** Path as the user should read it: relative to the working folder when inside it. */
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  readonly object: Record<string, any>;
}

export interface LoadedSet {
  readonly objects: readonly LoadedObject[];
  readonly files: number;
}

export async function loadManifests(paths: readonly string[], base = process.cwd()): Promise<LoadedSet> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await yamlFilesUnder(path)));
  const unique = [...new Set(files)].sort(compareCodePoints);
  const objects: LoadedObject[] = [];
  for (const file of unique) objects.push(...(await parseFile(file, base)));
  return { objects, files: unique.length };
}

async function yamlFilesUnder(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (info.isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name) && entry.name !== "kustomization.yaml" && !/(^|\/)\./.test(relative(path, join(entry.parentPath, entry.name))))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function parseFile(file: string, base: string): Promise<LoadedObject[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`${file}: cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const shown = file.startsWith(base) ? relative(base, file) || file : file;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, version: "1.1" });
  const loaded: LoadedObject[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      throw new InputError(`${shown}:${line}: YAML syntax error: ${error.message.split("\n")[0]}`);
    }
    const object: unknown = document.toJS();
    if (object === null || object === undefined) continue;
    if (typeof object !== "object" || Array.isArray(object)) continue;
    const start = document.contents?.range?.[0] ?? 0;
    loaded.push({ file: shown, line: lineCounter.linePos(start).line, object: object as Record<string, any> });
  }
  return loaded.filter((entry) => typeof entry.object.kind === "string" && typeof entry.object.apiVersion === "string");
}
