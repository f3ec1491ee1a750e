// What an environment declares. Everything an app or component does not say for itself comes from here.
import { z } from "zod";
import { looksLikeCredential } from "../lib/declarations/credentials.ts";
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
  /**
   * Values that differ per environment and that components refer to as `{ setting: "<name>" }`:
   * broker lists, hosts, bucket names. Never credentials: those are secret references.
   */
  settings: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "setting names are camelCase words"),
      z.string().min(1).refine((value) => !looksLikeCredential(value), "looks like a credential; settings are rendered as plain text, use a secret reference in the component instead"),
    )
    .default({}),
});

export type EnvironmentDeclaration = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema>;
