// What an environment declares. Everything an app or component does not say for itself comes from here.
import { z } from "zod";
import { daprLogLevel, dnsLabel, resourcesSchema } from "../lib/declarations/fields.ts";

export const environmentSchema = z.strictObject({
  /** Must equal the file name: environments/<name>.ts. */
  name: dnsLabel("environment name"),
  description: z.string().min(1, "say what this environment is for"),
  dapr: z.strictObject({
    /** Sidecar log level unless an app sets its own. */
    logLevel: daprLogLevel,
    /** Logs every Dapr API call of every sidecar (`dapr.io/enable-api-logging`). */
    apiLogging: z.boolean(),
    /** Sidecar requests and limits unless an app sets its own. */
    sidecarResources: resourcesSchema,
  }),
});

export type EnvironmentDeclaration = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema>;
