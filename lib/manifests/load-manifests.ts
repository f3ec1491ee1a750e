// Reads any folder or file of Kubernetes manifests (recursive, .yaml/.yml/.json, multi-document, Lists at any
// depth, links followed) into objects that remember their file and line, and names every file it leaves out and
// why. Files are named relative to one root, so the answer does not depend on the working folder. Unreadable or
// hostile input is an InputError naming the file and what to do.
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compareCodePoints } from "../sort.ts";
import { documentPositions, fieldLine, pathSegments } from "./field-lines.ts";
import { fsErrorCode, fsProblem } from "./fs-problem.ts";
import { readYamlDocuments, YamlRefusal, type YamlDocument } from "./yaml-documents.ts";

export class InputError extends Error {}

/** Larger files are refused: no manifest is this big, and parsing one would take the memory of the run. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** At most this many files and bytes in one run: more is refused with a message, before anything is parsed. */
export const MAX_FILES = 50_000;
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export interface LoadedObject {
  /** Path relative to the load's root, '/' separated. */
  readonly file: string;
  /** 1-based line where the document (or the List item) starts. */
  readonly line: number;
  readonly object: Record<string, any>;
  /** The Application that syncs it, when known otherwise than by its file (a chart's rendered object). */
  readonly application?: string;
  /** The line of a field of the object ("spec.metadata[1].value"), or of its nearest present parent. */
  readonly fieldLine?: (path: string) => number;
}

/** A YAML document that is not a Kubernetes object (no string kind and apiVersion), kept to be reported. */
export interface NotAnObject {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** A file or folder of the input that was not read as manifests, and why. */
export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export interface LoadedSet {
  readonly objects: readonly LoadedObject[];
  readonly notObjects: readonly NotAnObject[];
  readonly files: number;
  /** Files and folders left out, each named with its reason. */
  readonly skipped: readonly Skipped[];
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

/** How much one run reads at most. */
export interface InputLimits {
  readonly files: number;
  readonly bytes: number;
}

export async function loadManifests(
  paths: readonly string[],
  root?: string,
  limits: InputLimits = { files: MAX_FILES, bytes: MAX_INPUT_BYTES },
): Promise<LoadedSet> {
  const base = root ?? (await manifestRoot(paths));
  const byRealPath = new Map<string, string>();
  const skipped: Skipped[] = [];
  const walk: Walk = {
    visited: new Set(),
    // A tree of other files is bounded too: naming a million of them is no answer.
    skip: (entry) => {
      skipped.push(entry);
      if (skipped.length > limits.files)
        throw new InputError(
          `more than ${limits.files} files that are not manifests under ${paths.join(", ")}: ${limitText(limits)}`,
        );
    },
    show: (file) => showPath(base, file),
  };
  for (const path of paths) {
    for (const { file, real } of await manifestFilesUnder(resolve(path), undefined, walk, true)) {
      const shown = showPath(base, file);
      const known = byRealPath.get(real);
      // A file reached through several links is read once, under its first name in sorted order.
      if (known === undefined || compareCodePoints(shown, known) < 0) byRealPath.set(real, shown);
      if (byRealPath.size > limits.files)
        throw new InputError(`more than ${limits.files} files under ${paths.join(", ")}: ${limitText(limits)}`);
    }
  }
  const files = [...byRealPath.entries()].sort(([, a], [, b]) => compareCodePoints(a, b));
  const objects: LoadedObject[] = [];
  const notObjects: NotAnObject[] = [];
  let bytes = 0;
  let read = 0;
  for (const [real, shown] of files) {
    const text = readText(real, shown);
    bytes += Buffer.byteLength(text);
    if (bytes > limits.bytes)
      throw new InputError(`more than ${limits.bytes} bytes of files under ${paths.join(", ")}: ${limitText(limits)}`);
    const parsed = parseText(text, shown);
    if (parsed.objects.length === 0 && HELM_VALUES.test(basename(shown))) {
      skipped.push({ file: shown, reason: "Helm values, not a manifest (no Kubernetes object in it)" });
      continue;
    }
    read += 1;
    objects.push(...parsed.objects);
    notObjects.push(...parsed.notObjects);
  }
  return {
    objects,
    notObjects,
    files: read,
    skipped: skipped.sort((a, b) => compareCodePoints(a.file, b.file)),
    root: base,
  };
}

/** What standard input is called in findings and messages (`trellis check -`). */
export const STDIN_NAME = "(stdin)";

/**
 * Manifests read from standard input (`trellis check -`): one file named `shown`, held to the size of one file.
 * YAML or JSON, several documents, Lists at any depth, as in a file.
 */
export function loadStandardInput(text: string, shown: string = STDIN_NAME): LoadedSet {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES)
    throw new InputError(`${shown}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; not a manifest this tool reads`);
  const parsed = parseText(text, shown);
  return { objects: parsed.objects, notObjects: parsed.notObjects, files: 1, skipped: [], root: process.cwd() };
}

function limitText(limits: InputLimits): string {
  return `trellis check reads at most ${limits.files} files and ${limits.bytes} bytes (${(limits.bytes / 1024 / 1024).toFixed(0)} MiB) in one run; check fewer folders at a time`;
}

/** values.yaml, values-prod.yaml, values.dev.yml: a chart's values, read as manifests only when they hold objects. */
const HELM_VALUES = /^values([-.][^/]*)?\.ya?ml$/;
const MANIFEST = /\.(ya?ml|json)$/;
const KUSTOMIZATION = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

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

interface Walk {
  /** Real folders already walked: a link back up the tree would be walked forever. */
  readonly visited: Set<string>;
  /** Names a file or folder as not read; past the file cap, stops the walk. */
  readonly skip: (entry: Skipped) => void;
  readonly show: (file: string) => string;
}

/**
 * Manifest files under a path, in sorted order; everything else met on the way is named with `walk.skip`. `real`
 * is the path's own real path when the caller knows it (a plain entry of a folder whose real path is known);
 * links are resolved where they are met. A path given on the command line is read whatever its name.
 */
async function manifestFilesUnder(
  path: string,
  real: string | undefined,
  walk: Walk,
  given: boolean,
): Promise<FoundFile[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(fsProblem(given ? path : walk.show(path), error, "reading"));
  }
  let realPath: string;
  try {
    realPath = real ?? (await realpath(path));
  } catch (error) {
    throw new InputError(fsProblem(walk.show(path), error, "reading"));
  }
  if (info.isFile()) return [{ file: path, real: realPath }];
  if (!info.isDirectory()) {
    if (given) throw new InputError(`${path}: not a file or folder; give files or folders of manifests`);
    walk.skip({ file: walk.show(path), reason: "not a regular file or folder" });
    return [];
  }
  if (walk.visited.has(realPath)) return [];
  walk.visited.add(realPath);
  let entries;
  try {
    entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => compareCodePoints(a.name, b.name));
  } catch (error) {
    throw new InputError(fsProblem(walk.show(path), error, "reading"));
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (names.has("Chart.yaml")) {
    walk.skip({
      file: `${walk.show(path)}/`,
      reason:
        "a Helm chart (Chart.yaml): its templates are not manifests until rendered; check helm template's output, or the environments' charts with trellis check --with-charts",
    });
    return [];
  }
  const kustomization = entries.find((entry) => KUSTOMIZATION.has(entry.name));
  if (kustomization && !plainKustomization(join(path, kustomization.name), names)) {
    walk.skip({
      file: `${walk.show(path)}/`,
      reason: `a kustomize overlay (${kustomization.name} patches, generates or includes more than this folder's files): what it applies is kustomize build's output; check that (kustomize build ${walk.show(path)} > built.yaml; trellis check built.yaml)`,
    });
    entries = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink());
  }
  const found: FoundFile[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.name.startsWith(".")) {
      walk.skip({
        file: walk.show(child) + (entry.isDirectory() ? "/" : ""),
        reason: "hidden (its name starts with a dot)",
      });
      continue;
    }
    if (KUSTOMIZATION.has(entry.name)) continue; // read above: a list of this folder's own files
    if (entry.name === "node_modules" && entry.isDirectory()) {
      walk.skip({ file: `${walk.show(child)}/`, reason: "npm packages, not manifests" });
      continue;
    }
    const childReal = entry.isSymbolicLink() ? undefined : join(realPath, entry.name);
    const isManifest = MANIFEST.test(entry.name);
    if (entry.isFile()) {
      if (isManifest) found.push({ file: child, real: childReal ?? child });
      else walk.skip({ file: walk.show(child), reason: "not a .yaml, .yml or .json file" });
    } else if (entry.isDirectory() || entry.isSymbolicLink()) {
      const linkedFolder = entry.isSymbolicLink() && (await isFolder(child));
      // A folder, a link, or something a manifest name calls a file: looked at (and refused) on its own.
      if (entry.isDirectory() || linkedFolder || isManifest)
        found.push(...(await manifestFilesUnder(child, childReal, walk, false)));
      else walk.skip({ file: walk.show(child), reason: "a link to something that is not a .yaml, .yml or .json file" });
    } else if (isManifest) {
      found.push(...(await manifestFilesUnder(child, childReal, walk, false)));
    } else {
      walk.skip({ file: walk.show(child), reason: "not a regular file or folder" });
    }
  }
  return found;
}

/**
 * A kustomization that only lists files of its own folder (as every folder Trellis writes does): those files are
 * what it applies, so they are read as they are. Anything else (bases, patches, generators, a namespace) is an overlay.
 */
function plainKustomization(file: string, names: ReadonlySet<string>): boolean {
  let value: unknown;
  try {
    value = readYamlDocuments(readFileSync(file, "utf8"))[0]?.value;
  } catch {
    return false;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  if (!Object.keys(fields).every((key) => ["apiVersion", "kind", "resources"].includes(key))) return false;
  const resources = fields.resources ?? [];
  return (
    Array.isArray(resources) &&
    resources.every((resource) => typeof resource === "string" && !resource.includes("/") && names.has(resource))
  );
}

function readText(file: string, shown: string): string {
  try {
    // Synchronous: thousands of small files read one after another cost less than as many thread-pool round trips.
    const descriptor = openSync(file, "r");
    try {
      if (fstatSync(descriptor).size > MAX_FILE_BYTES)
        throw new InputError(
          `${shown}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; not a manifest this tool reads`,
        );
      return readFileSync(descriptor, "utf8");
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      fsErrorCode(error) ? fsProblem(shown, error, "reading") : `${shown}: cannot be read (${String(error)})`,
    );
  }
}

/** The objects of one file's text; JSON that YAML cannot read is read as JSON. */
export function parseText(text: string, shown: string): { objects: LoadedObject[]; notObjects: NotAnObject[] } {
  let documents: YamlDocument[];
  try {
    documents = readYamlDocuments(text);
  } catch (error) {
    if (!(error instanceof YamlRefusal)) throw error;
    if (!shown.endsWith(".json")) throw new InputError(`${shown}:${error.line}: ${error.reason}`);
    try {
      documents = [{ line: 1, value: JSON.parse(text), itemLines: [] }];
    } catch (jsonError) {
      throw new InputError(
        `${shown}: JSON syntax error: ${jsonError instanceof Error ? jsonError.message : String(jsonError)}`,
      );
    }
  }
  // Field lines are worked out only for files that have a finding, the first time one is asked for.
  let positions: ReturnType<typeof documentPositions> | null = null;
  const positionsOf = () => (positions ??= documentPositions(text));
  const objects: LoadedObject[] = [];
  const notObjects: NotAnObject[] = [];
  documents.forEach(({ line, value, itemLines }, documentIndex) => {
    if (value === null || value === undefined) return;
    const locate = (prefix: string, fallback: number) => (path: string) => {
      const root = positionsOf()?.[documentIndex];
      return root ? fieldLine(root, pathSegments(prefix && path ? `${prefix}.${path}` : prefix || path)) : fallback;
    };
    // kubectl and Argo CD apply each item of a List (kind: List, or any <Kind>List with items), Lists in Lists too.
    const add = (candidate: unknown, prefix: string, candidateLine: number, within: string) => {
      const reason = notAnObjectReason(candidate);
      if (reason) {
        notObjects.push({
          file: shown,
          line: candidateLine,
          reason: within ? `${prefix} of ${within}: ${reason}` : reason,
        });
        return;
      }
      const object = candidate as Record<string, any>;
      if (String(object.kind).endsWith("List") && Array.isArray(object.items)) {
        object.items.forEach((item: unknown, index: number) => {
          const itemPath = prefix ? `${prefix}.items[${index}]` : `items[${index}]`;
          // Top-level items' lines come with the document; deeper ones from the positions.
          const itemLine = prefix === "" ? (itemLines[index] ?? candidateLine) : locate(itemPath, candidateLine)("");
          add(item, itemPath, itemLine, String(object.kind));
        });
        return;
      }
      objects.push({ file: shown, line: candidateLine, object, fieldLine: locate(prefix, candidateLine) });
    };
    add(value, "", line, "");
  });
  return { objects, notObjects };
}

function notAnObjectReason(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `a ${typeof value} value, not a mapping`;
  if (Array.isArray(value)) return "a sequence, not a mapping";
  const object = value as Record<string, unknown>;
  const missing = ["apiVersion", "kind"].filter((field) => typeof object[field] !== "string" || object[field] === "");
  if (missing.length === 0) return undefined;
  const lookalikes = Object.keys(object).filter((key) =>
    missing.some((field) => key.toLowerCase() === field.toLowerCase() && key !== field),
  );
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
