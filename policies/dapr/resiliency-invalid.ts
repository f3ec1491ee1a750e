import { tripProblem } from "../../lib/declarations/cel.ts";
import { isDaprDuration } from "../../runtime/dapr-facts.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";

export const resiliencyInvalid: Rule = {
  id: "dapr/resiliency-invalid",
  summary: "A Resiliency with an unparsable duration, a target naming an undefined policy, or a field out of range.",
  why: "The sidecar rejects the whole Resiliency and runs without any of its policies.",
  fix: 'Use Go durations ("5s"), name policies that spec.policies defines, keep maxRetries ≥ -1 and maxRequests ≥ 1, and write trip as a boolean CEL expression.',
  reference: "dapr/dapr pkg/resiliency/resiliency.go",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/resiliency/resiliency.go", line: 308 }],
  check(set) {
    return set.ofKind("Resiliency", "dapr.io").flatMap((resiliency) => {
      const found: Finding[] = [];
      const bad = (path: string, message: string) => found.push(finding(this, resiliency, "error", path, message));
      const policies = resiliency.object.spec?.policies ?? {};
      for (const [name, value] of Object.entries(policies.timeouts ?? {}))
        if (!isDaprDuration(value))
          bad(`spec.policies.timeouts.${name}`, `timeout "${String(value)}" is not a duration`);
      for (const [name, retry] of Object.entries((policies.retries ?? {}) as Record<string, any>)) {
        for (const field of ["duration", "maxInterval"])
          if (retry?.[field] !== undefined && !isDaprDuration(retry[field]))
            bad(`spec.policies.retries.${name}.${field}`, `${field} "${retry[field]}" is not a duration`);
        if (retry?.policy !== undefined && !["constant", "exponential"].includes(String(retry.policy).toLowerCase()))
          bad(
            `spec.policies.retries.${name}.policy`,
            `retry policy "${retry.policy}" is neither constant nor exponential`,
          );
        if (retry?.maxRetries !== undefined && (!Number.isInteger(retry.maxRetries) || retry.maxRetries < -1))
          bad(`spec.policies.retries.${name}.maxRetries`, `maxRetries ${retry.maxRetries} is below -1`);
      }
      for (const [name, breaker] of Object.entries((policies.circuitBreakers ?? {}) as Record<string, any>)) {
        for (const field of ["interval", "timeout"])
          if (breaker?.[field] !== undefined && !isDaprDuration(breaker[field]))
            bad(`spec.policies.circuitBreakers.${name}.${field}`, `${field} "${breaker[field]}" is not a duration`);
        if (breaker?.maxRequests !== undefined && (!Number.isInteger(breaker.maxRequests) || breaker.maxRequests < 1))
          bad(`spec.policies.circuitBreakers.${name}.maxRequests`, `maxRequests ${breaker.maxRequests} is below 1`);
        if (breaker?.trip !== undefined) {
          const problem = tripProblem(String(breaker.trip));
          if (problem) bad(`spec.policies.circuitBreakers.${name}.trip`, problem);
        }
      }
      const defined = {
        timeout: policies.timeouts ?? {},
        retry: policies.retries ?? {},
        circuitBreaker: policies.circuitBreakers ?? {},
      } as Record<string, Record<string, unknown>>;
      const checkRefs = (path: string, target: Record<string, unknown> | undefined) => {
        for (const field of ["timeout", "retry", "circuitBreaker"]) {
          const name = target?.[field];
          if (typeof name === "string" && !/^Default/.test(name) && !(name in (defined[field] ?? {})))
            bad(`${path}.${field}`, `${field} policy "${name}" is not defined in spec.policies`);
        }
      };
      const targets = resiliency.object.spec?.targets ?? {};
      for (const [name, target] of Object.entries((targets.apps ?? {}) as Record<string, Record<string, unknown>>))
        checkRefs(`spec.targets.apps.${name}`, target);
      for (const [name, target] of Object.entries((targets.actors ?? {}) as Record<string, Record<string, unknown>>))
        checkRefs(`spec.targets.actors.${name}`, target);
      for (const [name, target] of Object.entries(
        (targets.components ?? {}) as Record<string, Record<string, Record<string, unknown>>>,
      )) {
        for (const direction of ["inbound", "outbound"])
          checkRefs(`spec.targets.components.${name}.${direction}`, target?.[direction]);
      }
      return found;
    });
  },
};
