// Field-level changes between two versions of one Kubernetes object: path, old value, new value. Items of a
// list are matched by their key (a container's name, a policy's appId, ...), so reordering a list is not a
// change. Values are shown in full; values that may be credentials are never shown, only that they changed. An added
// object is shown field by field too, nested as it is (fieldTree).
import { credentialInValue, isCredentialName } from "../credentials/detector.ts";

const looksLikeCredential = (value: string) => credentialInValue(value) !== undefined;

export interface FieldChange {
  /** e.g. spec.template.spec.containers[name=order-api].image */
  readonly path: string;
  /** Shown values, in full (a string keeps its lines), secrets masked; undefined where absent on that side. */
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/** Fields that identify an item in a list of objects, in order of preference. */
const ITEM_KEYS = [
  "name",
  "appId",
  "storeName",
  "containerPort",
  "mountPath",
  "key",
  "path",
  "topic",
  "ip",
  "port",
] as const;

export const MASKED = "(secret value)";

/** A Secret's data, a field named like a credential, and a list item named like one (an env var, a metadata item) are masked. */
export function diffObjects(before: unknown, after: unknown, kind: string): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(before, after, "", false, changes, kind === "Secret");
  return changes;
}

/** Descends into objects and keyed lists, so that each value is compared once, where it sits. */
function walk(
  before: unknown,
  after: unknown,
  path: string,
  secret: boolean,
  changes: FieldChange[],
  secretObject = false,
): void {
  if (before === after) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const masked = secret || isCredentialName(key) || (secretObject && (key === "data" || key === "stringData"));
      walk(before[key], after[key], join(path, key), masked, changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = itemKey(before, after);
    if (key) {
      const byKey = (items: unknown[]) =>
        new Map(items.map((item) => [String((item as Record<string, unknown>)[key]), item]));
      const old = byKey(before);
      const now = byKey(after);
      for (const id of [...new Set([...old.keys(), ...now.keys()])].sort())
        walk(old.get(id), now.get(id), `${path}[${key}=${id}]`, secret || isCredentialName(id), changes);
      return;
    }
  }
  if (deepEqual(before, after)) return;
  changes.push({ path: path || "(object)", before: shown(before, path, secret), after: shown(after, path, secret) });
}

/** The key every item of both lists has, with unique values on each side; none for lists of plain values. */
function itemKey(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  const items = [...before, ...after];
  if (items.length === 0 || !items.every(isPlainObject)) return undefined;
  return ITEM_KEYS.find((key) =>
    [before, after].every((list) => {
      const values = list.map((item) => (item as Record<string, unknown>)[key]);
      return (
        values.every((value) => typeof value === "string" || typeof value === "number") &&
        new Set(values).size === values.length
      );
    }),
  );
}

function shown(value: unknown, path: string, secret: boolean): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (
    secret ||
    (typeof value === "string" && looksLikeCredential(value)) ||
    (isPlainObject(value) && containsCredential(value, path))
  )
    return MASKED;
  return text;
}

/** A whole subtree shown at once (an added container, a new data map) is masked when any field in it would be. */
function containsCredential(value: unknown, path: string): boolean {
  if (typeof value === "string") return looksLikeCredential(value);
  if (Array.isArray(value)) return value.some((item) => containsCredential(item, path));
  if (isPlainObject(value))
    return Object.entries(value).some(
      ([key, item]) => (isCredentialName(key) && typeof item === "string") || containsCredential(item, path),
    );
  return false;
}

/** One field of an added object, nested as the object is: a leaf has a shown value, a branch its fields. */
export interface FieldNode {
  /** Its name under its parent: `spec`, `["app.kubernetes.io/name"]`, `[name=order-api]`, `[0]`. */
  readonly label: string;
  /** Its whole path, as a field change names it: `spec.template.spec.containers[name=order-api].image`. */
  readonly path: string;
  /** A leaf's value, shown in full and masked like a changed one; undefined for a branch. */
  readonly value: string | undefined;
  readonly children: readonly FieldNode[];
}

/**
 * Every field of an object, in its own order, nested: mappings and lists of mappings are branches (list items by
 * their key where the list has one, else by index), everything else a leaf. Masked as changes are.
 */
export function fieldTree(object: unknown, kind: string): FieldNode[] {
  if (!isPlainObject(object)) return [];
  return objectChildren(object, "", false, kind === "Secret");
}

/** An added object's fields as changes from nothing: each leaf of its tree, with its path. */
export function addedFields(object: unknown, kind: string): FieldChange[] {
  const leaves: FieldChange[] = [];
  const visit = (nodes: readonly FieldNode[]) => {
    for (const node of nodes) {
      if (node.value !== undefined) leaves.push({ path: node.path, before: undefined, after: node.value });
      visit(node.children);
    }
  };
  visit(fieldTree(object, kind));
  return leaves;
}

/** `keyField`: the field naming a list item, shown even in an item masked for its name (the name is its label). */
function objectChildren(
  object: Record<string, unknown>,
  path: string,
  secret: boolean,
  secretObject = false,
  keyField?: string,
): FieldNode[] {
  return Object.entries(object).map(([key, value]) => {
    const masked =
      key !== keyField &&
      (secret || isCredentialName(key) || (secretObject && (key === "data" || key === "stringData")));
    const childPath = join(path, key);
    return nodeOf(childPath.slice(path.length).replace(/^\./, ""), childPath, value, masked);
  });
}

function nodeOf(label: string, path: string, value: unknown, secret: boolean, keyField?: string): FieldNode {
  if (isPlainObject(value) && Object.keys(value).length > 0)
    return { label, path, value: undefined, children: objectChildren(value, path, secret, false, keyField) };
  if (Array.isArray(value) && value.some((item) => isPlainObject(item) || Array.isArray(item))) {
    const key = itemKey(value, value);
    const children = value.map((item, index) => {
      const id = key ? String((item as Record<string, unknown>)[key]) : undefined;
      const itemLabel = key ? `[${key}=${id}]` : `[${index}]`;
      return nodeOf(itemLabel, `${path}${itemLabel}`, item, secret || (id !== undefined && isCredentialName(id)), key);
    });
    return { label, path, value: undefined, children };
  }
  const masked = secret || containsCredential(value, path);
  return { label, path, value: masked ? MASKED : leafText(value), children: [] };
}

function leafText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * The tree as a reader wants it: a branch with one field is joined with it (`metadata.labels.app: x`,
 * `containers[name=app]`), so depth shows only where an object has several fields.
 */
export function compactTree(nodes: readonly FieldNode[]): FieldNode[] {
  return nodes.map((node) => {
    let current = node;
    let label = node.label;
    while (current.value === undefined && current.children.length === 1) {
      const only = current.children[0] as FieldNode;
      label = only.label.startsWith("[") ? `${label}${only.label}` : `${label}.${only.label}`;
      current = only;
    }
    return { ...current, label, children: compactTree(current.children) };
  });
}

export interface DiffLine {
  /** " " the same on both sides, "-" only before, "+" only after. */
  readonly sign: " " | "-" | "+";
  readonly text: string;
}

/** Above this many line pairs a multi-line value is shown as all of before, then all of after. */
const MAX_LINE_PAIRS = 4_000_000;

/**
 * A multi-line value's change line by line (the longest common subsequence): every line is shown, the ones that
 * stay unmarked. An absent side has no lines.
 */
export function lineDiff(before: string | undefined, after: string | undefined): DiffLine[] {
  // A value's final line break (as YAML's `|` keeps it) is no line of its own.
  const split = (value: string | undefined) => (value === undefined ? [] : value.replace(/\n$/, "").split("\n"));
  const a = split(before);
  const b = split(after);
  if (a.length * b.length > MAX_LINE_PAIRS)
    return [...a.map((text) => ({ sign: "-" as const, text })), ...b.map((text) => ({ sign: "+" as const, text }))];
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      (lengths[i] as Uint32Array)[j] =
        a[i] === b[j]
          ? ((lengths[i + 1] as Uint32Array)[j + 1] ?? 0) + 1
          : Math.max((lengths[i + 1] as Uint32Array)[j] ?? 0, (lengths[i] as Uint32Array)[j + 1] ?? 0);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ sign: " ", text: a[i] as string });
      i += 1;
      j += 1;
    } else if (
      i < a.length &&
      (j >= b.length || ((lengths[i + 1] as Uint32Array)[j] ?? 0) >= ((lengths[i] as Uint32Array)[j + 1] ?? 0))
    ) {
      lines.push({ sign: "-", text: a[i] as string });
      i += 1;
    } else {
      lines.push({ sign: "+", text: b[j] as string });
      j += 1;
    }
  }
  return lines;
}

/** A value shown over several lines (a config file in a ConfigMap), rather than on one. */
export function isMultiLine(value: string | undefined): boolean {
  return value !== undefined && value.includes("\n");
}

function join(path: string, key: string): string {
  const segment = /^[A-Za-z_][\w-]*$/.test(key) ? key : `["${key}"]`;
  return path === "" ? segment : segment.startsWith("[") ? `${path}${segment}` : `${path}.${segment}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return (
    keys.length === Object.keys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
  );
}
