// Field-level changes between two versions of one Kubernetes object: path, old value, new value. Items of a
// list are matched by their key (a container's name, a policy's appId, ...), so reordering a list is not a
// change. Values that may be credentials are never shown, only that they changed.
import { credentialInValue, isCredentialName } from "../credentials/detector.ts";

const looksLikeCredential = (value: string) => credentialInValue(value) !== undefined;

export interface FieldChange {
  /** e.g. spec.template.spec.containers[name=order-api].image */
  readonly path: string;
  /** Shown values: shortened, secrets masked; undefined where the field is absent on that side. */
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

const MAX_SHOWN = 80;
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
  return shorten(text);
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

export function shorten(text: string): string {
  const oneLine = text.replaceAll("\n", "\\n");
  return oneLine.length <= MAX_SHOWN
    ? oneLine
    : `${oneLine.slice(0, 50)}…${oneLine.slice(-20)} (${oneLine.length} chars)`;
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
