// Event data for a subscription's route rules, so the rehearsal can publish what each rule picks.

/** A value that makes `event.data.<field> == "<value>"` true, for the simple rules the reference declares. */
export function dataMatching(match: string): Record<string, string> | undefined {
  const simple = /^event\.data\.(\w+)\s*==\s*"([^"]*)"$/.exec(match.trim());
  return simple ? { [simple[1]!]: simple[2]! } : undefined;
}

/**
 * Data with every field the rules read, valued so none of them matches: the event takes the default route. Dapr
 * fails the delivery when a rule cannot be evaluated (a field the event lacks: subscription.go matchRoutingRule).
 */
export function dataMatchingNoRule(rules: readonly { readonly match: string }[]): Record<string, string> {
  return Object.fromEntries(
    rules.flatMap((rule) =>
      Object.entries(dataMatching(rule.match) ?? {}).map(([field, value]) => [field, `not-${value}`]),
    ),
  );
}
