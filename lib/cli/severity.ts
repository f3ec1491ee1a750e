// The severities a policy finding has (lib/policies/rule.ts's Severity), with what each does to a run and how a
// terminal shows it: the one list the CLI reads. test/cli/severity.test.ts keeps it equal to the rules' type.
import { visible } from "../report/escape.ts";

export interface SeverityMeaning {
  readonly name: string;
  readonly meaning: string;
  /** SGR code of its colour on a terminal. */
  readonly color: string;
}

export const SEVERITIES = [
  { name: "error", meaning: "fails the run: trellis check exits 1 unless it is accepted", color: "31" },
  { name: "warning", meaning: "reported and counted; does not fail the run", color: "33" },
] as const satisfies readonly SeverityMeaning[];

export type SeverityName = (typeof SEVERITIES)[number]["name"];

/** The word in its colour for a terminal, its own control characters escaped; uncoloured when the list lacks it. */
export function paintSeverity(severity: string): string {
  const known = SEVERITIES.find((entry) => entry.name === severity);
  return known ? `\u001b[${known.color}m${known.name}\u001b[0m` : visible(severity);
}
