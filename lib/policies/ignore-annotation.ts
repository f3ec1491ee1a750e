// The inline suppression: `trellis.io/ignore: "<rule-id>[,<rule-id>]: <reason>"` on an object accepts those rules'
// findings about that object, with the reason shown wherever the finding is. Several clauses go on separate lines.

export const IGNORE_ANNOTATION = "trellis.io/ignore";

export interface IgnoreClause {
  readonly rules: readonly string[];
  readonly reason: string;
}

/** The clauses of an annotation value, or the problems that make it refused (then nothing is suppressed). */
export function parseIgnore(
  value: unknown,
  knownRules: ReadonlySet<string>,
): { clauses: IgnoreClause[]; problems: string[] } {
  if (typeof value !== "string")
    return { clauses: [], problems: [`${IGNORE_ANNOTATION} must be a string "<rule-id>[,<rule-id>]: <reason>"`] };
  const clauses: IgnoreClause[] = [];
  const problems: string[] = [];
  const lines = value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) problems.push(`${IGNORE_ANNOTATION} is empty; write "<rule-id>[,<rule-id>]: <reason>"`);
  for (const line of lines) {
    const colon = line.indexOf(":");
    const reason = colon < 0 ? "" : line.slice(colon + 1).trim();
    const rules = (colon < 0 ? line : line.slice(0, colon))
      .split(",")
      .map((rule) => rule.trim())
      .filter(Boolean);
    if (reason === "")
      problems.push(
        `"${line}" gives no reason; write "${rules.join(",") || "<rule-id>"}: <why the finding is accepted>"`,
      );
    if (rules.length === 0) problems.push(`"${line}" names no rule; write "<rule-id>[,<rule-id>]: <reason>"`);
    const unknown = rules.filter((rule) => !knownRules.has(rule));
    if (unknown.length > 0)
      problems.push(
        `"${line}" names ${unknown.map((rule) => `"${rule}"`).join(", ")}, which ${unknown.length === 1 ? "is not a rule" : "are not rules"} (see docs/policies.md)`,
      );
    if (reason !== "" && rules.length > 0 && unknown.length === 0) clauses.push({ rules, reason });
  }
  return problems.length > 0 ? { clauses: [], problems } : { clauses, problems };
}
