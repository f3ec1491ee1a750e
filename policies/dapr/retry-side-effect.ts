import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { codeRanges } from "../../runtime/dapr-facts.ts";

/**
 * Outcomes after which the callee may already have done the work: a 5xx other than 503 (which says the request
 * was not served), and gRPC UNKNOWN (2), DEADLINE_EXCEEDED (4) and INTERNAL (13).
 */
const SIDE_EFFECT_HTTP = [
  [500, 502],
  [504, 599],
] as const;
const SIDE_EFFECT_GRPC = [2, 4, 13] as const;
const GRPC_NAMES: Readonly<Record<number, string>> = { 2: "UNKNOWN", 4: "DEADLINE_EXCEEDED", 13: "INTERNAL" };

/** What a retry policy re-sends that may follow a completed side effect, in words; empty when nothing. */
function sideEffectRetries(retry: Record<string, any> | undefined, timeout: boolean): string[] {
  const http = codeRanges(retry?.matching?.httpStatusCodes);
  const grpc = codeRanges(retry?.matching?.gRPCStatusCodes);
  const overlaps = (ranges: [number, number][] | undefined, from: number, to: number) =>
    ranges === undefined || ranges.some(([a, b]) => a <= to && from <= b);
  const found: string[] = [];
  const httpHits = SIDE_EFFECT_HTTP.filter(([from, to]) => overlaps(http, from, to));
  if (httpHits.length > 0)
    found.push(
      http === undefined
        ? "every HTTP status (no httpStatusCodes)"
        : `HTTP ${httpHits.map(([from, to]) => `${from}-${to}`).join(", ")}`,
    );
  const grpcHits = SIDE_EFFECT_GRPC.filter((code) => overlaps(grpc, code, code));
  if (grpcHits.length > 0)
    found.push(
      grpc === undefined
        ? "every gRPC status (no gRPCStatusCodes)"
        : `gRPC ${grpcHits.map((code) => GRPC_NAMES[code]).join(", ")}`,
    );
  // A policy's own timeout is not a status code: Dapr retries it whatever `matching` says.
  if (timeout) found.push("the target's own timeout");
  return found;
}

export const retrySideEffect: Rule = {
  id: "dapr/retry-side-effect",
  summary:
    "A Resiliency app target (or the default app retry policy) that retries outcomes which can follow a completed side effect.",
  why: "A policy on an app target applies to every method and verb of that app. Retrying a 5xx other than 503, gRPC DEADLINE_EXCEEDED, UNKNOWN or INTERNAL, or the policy's own timeout (which Dapr retries whatever `matching` lists) re-sends a request the callee may have completed: a POST that takes a payment can take it twice. A warning: the manifests do not say which methods have side effects.",
  fix: "Retry only 429/503 and gRPC UNAVAILABLE (14), with no timeout on that target, or make the callee idempotent (an idempotency key).",
  reference: "https://docs.dapr.io/operations/resiliency/policies/retries/retries-overview/",
  severity: "warning",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/api/http/directmessaging.go", line: 134 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 620 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/policy.go", line: 250 },
  ],
  check(set) {
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const policies = resiliency.object.spec?.policies ?? {};
      const retries = (policies.retries ?? {}) as Record<string, Record<string, any>>;
      const timeouts = (policies.timeouts ?? {}) as Record<string, unknown>;
      const found: Finding[] = [];
      for (const [app, target] of Object.entries(
        (resiliency.object.spec?.targets?.apps ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        const retry = typeof target?.retry === "string" ? retries[target.retry] : undefined;
        if (!retry) continue;
        const risky = sideEffectRetries(retry, typeof target.timeout === "string" && target.timeout in timeouts);
        if (risky.length > 0)
          found.push(
            finding(
              this,
              resiliency,
              "warning",
              `spec.targets.apps.${app}.retry`,
              `calls to ${app} are retried after ${risky.join(", ")}: a non-idempotent method may run twice`,
            ),
          );
      }
      // Apps without a target of their own get Dapr's default app policies.
      for (const name of ["DefaultAppRetryPolicy", "DefaultRetryPolicy"]
        .filter((candidate) => candidate in retries)
        .slice(0, 1)) {
        const risky = sideEffectRetries(
          retries[name],
          "DefaultAppTimeoutPolicy" in timeouts || "DefaultTimeoutPolicy" in timeouts,
        );
        if (risky.length > 0)
          found.push(
            finding(
              this,
              resiliency,
              "warning",
              `spec.policies.retries.${name}`,
              `calls to apps without a target are retried after ${risky.join(", ")}: a non-idempotent method may run twice`,
            ),
          );
      }
      return found;
    });
  },
};
