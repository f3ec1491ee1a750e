// Type-checks Dapr circuit-breaker trip expressions (CEL) when declarations load, not when a sidecar starts.
import { Environment } from "@marcbachmann/cel-js";

/** The int64 counters Dapr exposes to a trip expression (dapr/dapr pkg/resiliency/breaker). */
export const TRIP_VARIABLES = [
  "requests",
  "totalSuccesses",
  "totalFailures",
  "consecutiveSuccesses",
  "consecutiveFailures",
] as const;

const tripEnvironment = new Environment();
for (const name of TRIP_VARIABLES) tripEnvironment.registerVariable(name, "int");

/** Why the expression cannot serve as a trip condition, or undefined when it can. */
export function tripProblem(expression: string): string | undefined {
  const result = tripEnvironment.check(expression);
  if (!result.valid) {
    const reason = result.error?.message.split("\n")[0] ?? "invalid expression";
    return `trip is not a valid CEL expression over ${TRIP_VARIABLES.join(", ")}: ${reason}`;
  }
  if (result.type !== "bool")
    return `trip must be a condition (bool), not ${result.type}; e.g. "consecutiveFailures > 5"`;
  return undefined;
}
