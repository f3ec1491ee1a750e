import type { ResiliencyPolicyDeclaration } from "../lib/model/declarations/resiliency-policy.ts";

export default {
  name: "event-delivery",
  description:
    "Default for the sidecar's deliveries to an app (pub/sub and input-binding events): a few quick retries, then the " +
    "subscription's dead-letter topic. No breaker: an open one fails every delivery at once, with no retry, so each " +
    "event would go straight to the dead-letter topic. At most 35 s per event, under the Redis broker's 60 s " +
    "processingTimeout, after which the broker hands the event out again",
  timeout: "5s",
  retry: { policy: "constant", duration: "1s", maxRetries: 5 },
} satisfies ResiliencyPolicyDeclaration;
