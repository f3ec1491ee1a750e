// Reads a YAML text into its documents, each with the line it starts on, the way Kubernetes tools read YAML
// (1.1: yes and on are booleans, 0755 is octal). js-yaml parses into a flat event stream with source offsets,
// which gives the lines without keeping a syntax tree, in about a third of the `yaml` package's time.
import {
  constructFromEvents,
  defineScalarTag,
  EVENT_ID,
  floatYaml11Tag,
  getScalarValue,
  parseEvents,
  YAML11_SCHEMA,
  type Event,
} from "js-yaml";

export interface YamlDocument {
  /** 1-based line of the document's content. */
  readonly line: number;
  readonly value: unknown;
  /** 1-based lines of the items of a top-level `items` sequence (what a List holds), in order. */
  readonly itemLines: readonly number[];
}

/** A YAML text that cannot be read: a syntax error, or aliases that expand past the budget. */
export class YamlRefusal extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * YAML 1.1, plus the floats that the YAML 1.1 grammar lacks but Go's YAML reader (kubectl, Argo CD) and the
 * `yaml` package accept: an exponent without a dot, as in 1e3.
 */
const EXPONENT_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const READ_SCHEMA = YAML11_SCHEMA.withTags(
  defineScalarTag(floatYaml11Tag.tagName, {
    ...floatYaml11Tag,
    implicitFirstChars: null,
    resolve: (source, explicit, name) =>
      EXPONENT_FLOAT.test(source) ? Number(source) : floatYaml11Tag.resolve(source, explicit, name),
  }),
);

/** Nodes a document may expand to through aliases, per node it was written with (and at least this many). */
const ALIAS_EXPANSION_FACTOR = 100;
const MIN_EXPANSION_BUDGET = 10_000;
/** Collection nesting js-yaml allows; CRD schemas nest deeply, so well above its default of 100. */
export const MAX_DEPTH = 1_000;

export function readYamlDocuments(text: string): YamlDocument[] {
  const lineOf = lineFinder(text);
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
    values = constructFromEvents(events, { source: text, schema: READ_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { position?: number }; reason?: string }).mark;
    const reason =
      (error as { reason?: string }).reason ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
    throw new YamlRefusal(mark?.position === undefined ? 1 : lineOf(mark.position), `YAML syntax error: ${reason}`);
  }
  const documents: YamlDocument[] = [];
  let index = 0;
  for (const span of documentSpans(events)) {
    const value = values[index];
    index += 1;
    const line = lineOf(startOf(events[span.first]));
    if (span.aliases > 0) {
      const budget = Math.max(MIN_EXPANSION_BUDGET, ALIAS_EXPANSION_FACTOR * (span.end - span.first));
      if (expandsPast(value, budget))
        throw new YamlRefusal(
          line,
          `refused: Excessive alias count: the document's aliases expand it past ${budget} nodes`,
        );
    }
    documents.push({ line, value, itemLines: itemStarts(text, events, span).map(lineOf) });
  }
  return documents;
}

interface Span {
  /** Index of the document's first content event. */
  readonly first: number;
  /** Index of the document's closing event. */
  readonly end: number;
  readonly aliases: number;
}

function documentSpans(events: readonly Event[]): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let first = -1;
  let aliases = 0;
  events.forEach((event, index) => {
    if (event.type === EVENT_ID.DOCUMENT) {
      first = index + 1;
      aliases = 0;
    }
    if (event.type === EVENT_ID.ALIAS) aliases += 1;
    if (event.type === EVENT_ID.DOCUMENT || event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING)
      depth += 1;
    if (event.type === EVENT_ID.POP) {
      depth -= 1;
      if (depth === 0) spans.push({ first, end: index, aliases });
    }
  });
  return spans;
}

/** Offsets where each item of the document's top-level `items` sequence starts; none when there is no such key. */
function itemStarts(text: string, events: readonly Event[], span: Span): number[] {
  if (events[span.first]?.type !== EVENT_ID.MAPPING) return [];
  let depth = 0;
  let atKey = true;
  for (let index = span.first + 1; index < span.end; index += 1) {
    const event = events[index];
    if (event === undefined) break;
    if (depth === 0 && atKey && event.type === EVENT_ID.SCALAR && getScalarValue(text, event) === "items") {
      const sequence = events[index + 1];
      if (sequence?.type !== EVENT_ID.SEQUENCE) return [];
      const starts: number[] = [];
      let inner = 0;
      for (let item = index + 2; item < span.end; item += 1) {
        const child = events[item];
        if (child === undefined || (inner === 0 && child.type === EVENT_ID.POP)) break;
        if (inner === 0) starts.push(startOf(child));
        if (child.type === EVENT_ID.SEQUENCE || child.type === EVENT_ID.MAPPING) inner += 1;
        if (child.type === EVENT_ID.POP) inner -= 1;
      }
      return starts;
    }
    if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) depth += 1;
    else if (event.type === EVENT_ID.POP) depth -= 1;
    // At the top level, keys and values alternate; a collection value ends with its POP back at depth 0.
    if (depth === 0 && event.type !== EVENT_ID.SEQUENCE && event.type !== EVENT_ID.MAPPING) atKey = !atKey;
  }
  return [];
}

/** Source offset where a node starts: its anchor or tag when it has one, else its value. */
export function startOf(event: Event | undefined): number {
  if (event === undefined) return 0;
  const candidates =
    event.type === EVENT_ID.SCALAR
      ? [event.anchorStart, event.tagStart, event.valueStart]
      : event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING
        ? [event.anchorStart, event.tagStart, event.start]
        : event.type === EVENT_ID.ALIAS
          ? [event.anchorStart]
          : [];
  const present = candidates.filter((offset) => offset >= 0);
  return present.length > 0 ? Math.min(...present) : 0;
}

/** Whether walking the value as a tree (aliases expanded) visits more than `budget` nodes. */
function expandsPast(value: unknown, budget: number): boolean {
  let visited = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    visited += 1;
    if (visited > budget) return true;
    if (node !== null && typeof node === "object")
      for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push(child);
  }
  return false;
}

/** 1-based line of an offset. */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}
