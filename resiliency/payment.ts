import type { ResiliencyPolicyDeclaration } from "./schema.ts";

export default {
  name: "payment",
  description: "Calls that move money: a short timeout, patient retries, and a breaker that stops hammering a failing payment service",
  timeout: "3s",
  retry: { policy: "exponential", maxInterval: "10s", maxRetries: 5, matching: { httpStatusCodes: "429,500-599", gRPCStatusCodes: "4,8,13,14" } },
  circuitBreaker: { maxRequests: 1, interval: "8s", timeout: "30s", trip: "consecutiveFailures > 5" },
} satisfies ResiliencyPolicyDeclaration;
