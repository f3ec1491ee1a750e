import type { ResiliencyPolicyDeclaration } from "../lib/model/declarations/resiliency-policy.ts";

export default {
  name: "component-call",
  description:
    "Default for calls to state stores, brokers, bindings, locks and secret stores: retries with backoff, a breaker",
  timeout: "10s",
  retry: { policy: "exponential", maxInterval: "15s", maxRetries: 10 },
  circuitBreaker: { maxRequests: 1, interval: "30s", timeout: "60s", trip: "consecutiveFailures > 10" },
} satisfies ResiliencyPolicyDeclaration;
