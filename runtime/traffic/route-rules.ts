// Event data for a subscription's route rules, so the rehearsal can publish what each rule picks.

/** A value that makes `event.data.<field> == "<value>"` true, for the simple rules the reference declares. */
export function dataMatching(match: string): Record<string, string> | undefined {
  const simple = /^event\.data\.(\w+)\s*==\s*"([^"]*)"$/.exec(match.trim());
  return simple ? { [simple[1]!]: simple[2]! } : undefined;
}
