import type { ResiliencyPolicyDeclaration } from "../lib/model/declarations/resiliency-policy.ts";

export default {
  name: "payment",
  description:
    "Calls that move money: a short timeout and a breaker that stops hammering a failing payment service, but no retry: " +
    "a charge that timed out may have been taken, and the sidecar would send it again",
  timeout: "3s",
  circuitBreaker: { maxRequests: 1, interval: "8s", timeout: "30s", trip: "consecutiveFailures > 5" },
} satisfies ResiliencyPolicyDeclaration;
