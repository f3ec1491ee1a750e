// Where each field of a YAML document sits: a finding's field path ("spec.metadata[1].value") resolved to the
// line of that field, or of its nearest parent that exists when the field itself is missing. Built from
// js-yaml's event stream, one file at a time and only for files that have a finding.
import { EVENT_ID, getScalarValue, parseEvents, type Event } from "js-yaml";
import { lineFinder, MAX_DEPTH, startOf } from "./yaml-documents.ts";

/** A node of a document with its line; mappings keep each key's line, sequences their items. */
interface Positioned {
  readonly line: number;
  readonly entries?: Map<string, { readonly line: number; readonly node: Positioned }>;
  readonly items?: Positioned[];
}

export type PathSegment = string | number;

/**
 * A field path as findings write it: dotted keys, `[n]` indexes and `["key"]` for keys that are not plain
 * names. A trailing note in parentheses ("spec.exporter.endpoint (from OTEL_…)") is not part of the path.
 */
export function pathSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let index = 0;
  let current = "";
  const flush = () => {
    if (current !== "") segments.push(current);
    current = "";
  };
  while (index < path.length) {
    const char = path[index] as string;
    if (char === " ") break;
    if (char === ".") {
      flush();
      index += 1;
    } else if (char === "[") {
      flush();
      const close = path[index + 1] === '"' ? quotedEnd(path, index + 1) : path.indexOf("]", index);
      if (close < 0) break;
      const inner = path.slice(index + 1, close);
      if (inner.startsWith('"')) segments.push(JSON.parse(inner) as string);
      else segments.push(/^\d+$/.test(inner) ? Number(inner) : inner);
      index = close + 1;
    } else {
      current += char;
      index += 1;
    }
  }
  flush();
  return segments;
}

/** Index of the `]` after a JSON string that starts at `start`, or -1. */
function quotedEnd(path: string, start: number): number {
  for (let index = start + 1; index < path.length; index += 1) {
    if (path[index] === "\\") index += 1;
    else if (path[index] === '"') return path[index + 1] === "]" ? index + 1 : -1;
  }
  return -1;
}

/** The positions of every document of a YAML text, in order; undefined when the text does not parse. */
export function documentPositions(text: string): Positioned[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  const lineOf = lineFinder(text);
  const documents: Positioned[] = [];
  let index = 0;
  // Builds the node starting at events[index] and moves past it.
  const node = (): Positioned => {
    const event = events[index] as Event;
    index += 1;
    const line = lineOf(startOf(event));
    if (event.type === EVENT_ID.MAPPING) {
      const entries = new Map<string, { line: number; node: Positioned }>();
      while (index < events.length && events[index]?.type !== EVENT_ID.POP) {
        const key = events[index] as Event;
        const keyLine = lineOf(startOf(key));
        const name = key.type === EVENT_ID.SCALAR ? getScalarValue(text, key) : undefined;
        if (name === undefined)
          node(); // a complex key: skipped, its value still read
        else index += 1;
        const value = node();
        if (name !== undefined && !entries.has(name)) entries.set(name, { line: keyLine, node: value });
      }
      index += 1;
      return { line, entries };
    }
    if (event.type === EVENT_ID.SEQUENCE) {
      const items: Positioned[] = [];
      while (index < events.length && events[index]?.type !== EVENT_ID.POP) items.push(node());
      index += 1;
      return { line, items };
    }
    return { line };
  };
  while (index < events.length) {
    const event = events[index] as Event;
    index += 1;
    if (event.type !== EVENT_ID.DOCUMENT) continue;
    // An empty document has no content event before its POP.
    documents.push(events[index]?.type === EVENT_ID.POP ? { line: 1 } : node());
    index += 1;
  }
  return documents;
}

/**
 * The line of the field at `segments` below `root`: the key's line for a mapping entry, the item's for a sequence
 * item. A missing field resolves to its nearest present parent; a key that holds dots may be written split.
 */
export function fieldLine(root: Positioned, segments: readonly PathSegment[]): number {
  let node = root;
  let line = root.line;
  let index = 0;
  while (index < segments.length) {
    const segment = segments[index] as PathSegment;
    if (typeof segment === "number") {
      const item = node.items?.[segment];
      if (!item) break;
      node = item;
      line = item.line;
      index += 1;
      continue;
    }
    let found: { readonly line: number; readonly node: Positioned } | undefined;
    let used = 1;
    // A key with dots in it ("dapr.io/app-id") may reach here as several segments.
    for (let count = 1; index + count <= segments.length && !found; count += 1) {
      const parts = segments.slice(index, index + count);
      if (parts.some((part) => typeof part !== "string")) break;
      found = node.entries?.get(parts.join("."));
      used = count;
    }
    if (!found) break;
    node = found.node;
    line = found.line;
    index += used;
  }
  return line;
}
