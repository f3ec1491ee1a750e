// A named resiliency policy: how calls to an app or a component are timed out, retried and broken.
// Declared once here; apps, components and environments refer to it by name.
import { z } from "zod";
import { tripProblem } from "../../declarations/cel.ts";
import { dnsLabel, goDuration } from "../../declarations/fields.ts";

/** Comma-separated codes and ranges, e.g. "429,500-599", each within [min, max]. */
function statusCodes(what: string, min: number, max: number) {
  return z.string().superRefine((list, ctx) => {
    for (const part of list.split(",")) {
      const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
      const from = Number(match?.[1]);
      const to = match?.[2] === undefined ? from : Number(match[2]);
      if (!match || from < min || to > max || from > to) {
        ctx.addIssue({
          code: "custom",
          message: `"${part.trim()}" is not a ${what} or range within ${min}-${max}; write e.g. "${min === 0 ? "4,8-14" : "429,500-599"}"`,
        });
      }
    }
  });
}

const maxRetries = z
  .number()
  .int("maxRetries must be a whole number")
  .min(-1, "maxRetries is -1 (forever), 0 (no retry) or more");

const matching = z.strictObject({
  /** Only these responses are retried; others fail at once. */
  httpStatusCodes: statusCodes("HTTP status code", 100, 599).optional(),
  gRPCStatusCodes: statusCodes("gRPC status code", 0, 16).optional(),
});

export const resiliencyPolicySchema = z
  .strictObject({
    /** Must equal the file name: resiliency/<name>.ts. */
    name: dnsLabel("policy name"),
    description: z.string().min(1, "say which calls this policy suits"),
    /** Longest a single attempt may take. */
    timeout: goDuration.optional(),
    retry: z
      .discriminatedUnion("policy", [
        z.strictObject({
          policy: z.literal("constant"),
          duration: goDuration,
          maxRetries,
          matching: matching.optional(),
        }),
        z.strictObject({
          policy: z.literal("exponential"),
          maxInterval: goDuration,
          maxRetries,
          matching: matching.optional(),
        }),
      ])
      .optional(),
    circuitBreaker: z
      .strictObject({
        /** Requests let through while half-open. */
        maxRequests: z.number().int().min(1, "maxRequests must be at least 1"),
        /** Period after which the failure counts reset while closed. */
        interval: goDuration,
        /** How long the breaker stays open. */
        timeout: goDuration,
        /** CEL condition that opens the breaker, e.g. "consecutiveFailures > 5". */
        trip: z.string().superRefine((expression, ctx) => {
          const problem = tripProblem(expression);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
      })
      .optional(),
  })
  .refine(
    (policy) => policy.timeout !== undefined || policy.retry !== undefined || policy.circuitBreaker !== undefined,
    {
      message: "a policy needs at least one of timeout, retry or circuitBreaker",
    },
  );

export type ResiliencyPolicyDeclaration = z.input<typeof resiliencyPolicySchema>;
export type ResiliencyPolicy = z.output<typeof resiliencyPolicySchema>;
