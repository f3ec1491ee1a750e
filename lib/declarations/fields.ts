// Field types shared by the declaration schemas. Each message says what is wrong and how to fix it.
import { z } from "zod";

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dnsLabel(what: string, maxLength = 63) {
  return z
    .string()
    .max(maxLength, `${what} must be at most ${maxLength} characters`)
    .regex(
      DNS_LABEL,
      `${what} must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
}

/**
 * A name that also becomes a key of a rendered map (Resiliency targets are keyed by app and component).
 * cdk8s refuses to serialise an object with an own key "constructor" (its sanitizer reads obj.constructor).
 */
export function objectKeyName(what: string, maxLength = 63) {
  return dnsLabel(what, maxLength).refine(
    (name) => name !== "constructor",
    `${what} "constructor" cannot be rendered: it becomes a key of the Resiliency's targets, which cdk8s cannot serialise; pick another name`,
  );
}

/** Kubernetes resource quantities as the API server accepts them, e.g. "100m", "0.5", "256Mi". */
export const cpuQuantity = z.string().regex(/^(\d+m|\d+(\.\d+)?)$/, 'cpu must be a quantity such as "100m" or "0.5"');
export const memoryQuantity = z
  .string()
  .regex(/^\d+(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'memory must be a quantity such as "256Mi" or "1Gi"');

export const resourcesSchema = z.strictObject({
  cpu: z.strictObject({ request: cpuQuantity, limit: cpuQuantity.optional() }),
  memory: z.strictObject({ request: memoryQuantity, limit: memoryQuantity }),
});
export type Resources = z.output<typeof resourcesSchema>;

export const daprLogLevel = z.enum(["debug", "info", "warn", "error"]);

/**
 * A value given per environment: keys are environment names, and `default` covers every
 * environment not named. Which names exist is checked against environments/ when resolving.
 */
export function perEnvironment<T extends z.ZodType>(value: T) {
  return z
    .record(z.string(), value)
    .refine((map) => Object.keys(map).length > 0, "give at least one environment, or `default`");
}

export const DEFAULT_ENVIRONMENT_KEY = "default";

/** A Go duration as Dapr and Kubernetes controllers parse it, e.g. "3s", "1m30s", "500ms". */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
export const goDuration = z
  .string()
  .regex(GO_DURATION, 'durations are Go durations with a unit, e.g. "500ms", "3s", "1m30s"');
