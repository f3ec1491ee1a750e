import type { ResiliencyPolicyDeclaration } from "../lib/model/declarations/resiliency-policy.ts";

export default {
  name: "service-call",
  description: "Default for app-to-app invocations: bounded time, a few quick retries on transient errors, a breaker",
  timeout: "5s",
  retry: {
    policy: "constant",
    duration: "1s",
    maxRetries: 3,
    matching: { httpStatusCodes: "429,502-504", gRPCStatusCodes: "4,14" },
  },
  circuitBreaker: { maxRequests: 1, interval: "10s", timeout: "30s", trip: "consecutiveFailures > 5" },
} satisfies ResiliencyPolicyDeclaration;
