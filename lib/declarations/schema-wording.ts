// A schema problem in the user's words: the value found, the values allowed or the fields known there, and what to
// do; zod's own wording ("Invalid input: expected string, received number") never reaches the user alone.
import { z } from "zod";
import { nearestName } from "../edit-distance.ts";

/** zod's generic messages, as opposed to the messages Trellis's schemas write themselves. */
export const ZOD_WORDING = /^(Invalid|Too (small|big)|Unrecognized|Expected|Required)\b/;

/** What is wrong and what to do for one issue; `reference` names where the schema is written. */
export function explainIssue(
  issue: z.core.$ZodIssue,
  received: unknown,
  reference: string,
): { what: string; fix: string } {
  switch (issue.code) {
    case "invalid_type":
      return received === undefined
        ? { what: `missing`, fix: `add it (${article(issue.expected)}); see ${reference}` }
        : {
            what: `${describeValue(received)} where ${article(issue.expected)} belongs`,
            fix: `give ${article(issue.expected)}`,
          };
    case "too_small":
      return issue.origin === "array"
        ? {
            what: `has ${(received as unknown[] | undefined)?.length ?? 0} item(s)`,
            fix: `give at least ${String(issue.minimum)}`,
          }
        : issue.origin === "string"
          ? { what: "is empty", fix: "give a value, or leave the field out where it is optional" }
          : { what: `${describeValue(received)} is too small`, fix: `give at least ${String(issue.minimum)}` };
    case "too_big":
      return { what: `${describeValue(received)} is too large`, fix: `give at most ${String(issue.maximum)}` };
    case "invalid_format":
      return { what: `${describeValue(received)} is not in the expected form`, fix: `see ${reference}` };
    case "invalid_value":
      return {
        what: `${describeValue(received)} is not allowed`,
        fix: `use one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`,
      };
    case "invalid_union":
      return { what: `${describeValue(received)} matches none of the forms this field takes`, fix: `see ${reference}` };
    default:
      return { what: issue.message, fix: `see ${reference}` };
  }
}

/** One issue's message: the schema's own words where it wrote some, else the explanation. */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown, reference: string): string {
  // A refinement's message says what is wrong and what to do already.
  if (issue.code === "custom" && !ZOD_WORDING.test(issue.message)) return issue.message;
  const { what, fix } = explainIssue(issue, valueAt(input, issue.path), reference);
  return `${what}; ${ZOD_WORDING.test(issue.message) ? fix : issue.message}`;
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** "did you mean "b"? the fields here are: a, b" for the object `path` names in `schema`, where it can tell. */
export function knownFields(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
  key: string,
  reference: string,
): string {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of [...path, undefined]) {
    while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap();
    if (segment === undefined) break;
    if (typeof segment === "number") current = current instanceof z.ZodArray ? current.element : undefined;
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else
      current =
        current instanceof z.ZodObject
          ? (current.shape as Record<string, z.core.$ZodType>)[String(segment)]
          : undefined;
  }
  if (!(current instanceof z.ZodObject)) return `remove it, or check its spelling against ${reference}`;
  const fields = Object.keys(current.shape);
  const near = nearestName(key, fields, { maxDistance: 1, ignoreCase: true });
  return `${near ? `did you mean "${near}"? ` : ""}the fields here are: ${fields.join(", ")}`;
}
