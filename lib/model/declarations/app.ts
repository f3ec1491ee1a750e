// What an app declares: how it runs, what it uses, whom it calls and which topics it touches.
import { z } from "zod";
import { daprLogLevel, dnsLabel, objectKeyName, perEnvironment, resourcesSchema } from "../../declarations/fields.ts";

/** Ports the Dapr sidecar listens on inside every Dapr pod; an app port on one of them collides. */
export const DAPR_SIDECAR_PORTS = [3500, 3501, 9090, 50001, 50002] as const;

/**
 * Kubernetes reserves kube-*. The namespaces the platform owns (charts, collectors, Argo CD, in-cluster backends)
 * depend on the environment and are checked with the references (lib/model/platform-namespaces.ts).
 */
const appNamespace = dnsLabel("namespace").refine((name) => !name.startsWith("kube-"), {
  message: "namespaces starting with kube- are reserved for Kubernetes; put apps in a namespace of their own",
});

const IMAGE = /^[a-z0-9]+([._\-/:][a-z0-9]+)*(:[\w][\w.-]{0,127})(@sha256:[a-f0-9]{64})?$/;

/** The reference without its tag and digest: registry host and repository path, which must be lowercase. */
const repositoryOf = (ref: string) => (ref.split("@")[0] ?? ref).replace(/:[\w][\w.-]*$/, "");

const image = z
  .string()
  .refine((ref) => repositoryOf(ref) === repositoryOf(ref).toLowerCase(), {
    message: "image registry and repository must be lowercase",
    abort: true,
  })
  .refine((ref) => IMAGE.test(ref) && /:[\w][\w.-]*(@|$)/.test(ref.slice(ref.lastIndexOf("/") + 1)), {
    message:
      'image needs an explicit tag, e.g. "ghcr.io/acme/orders:1.4.2" (a digest may follow: "...:1.4.2@sha256:...")',
  })
  .refine((ref) => !/:latest(@|$)/.test(ref), { message: 'image tag "latest" is not reproducible; pin a version tag' });

const port = z
  .number()
  .int("port must be a whole number")
  .min(1, "port must be between 1 and 65535")
  .max(65535, "port must be between 1 and 65535")
  .refine((p) => !(DAPR_SIDECAR_PORTS as readonly number[]).includes(p), {
    message: `port collides with a Dapr sidecar port (${DAPR_SIDECAR_PORTS.join(", ")}); pick another`,
  });

export const HTTP_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
/** Verbs whose requests may be repeated without a second effect (RFC 9110 §9.2.2); a method may say otherwise. */
export const IDEMPOTENT_VERBS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const httpVerb = z.enum(HTTP_VERBS);

const methodName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/,
    'method names are paths without a leading \'/\', e.g. "charge" or "orders/status"',
  );

const route = z.string().regex(/^\/[\w\-./{}]*$/, 'routes are absolute paths, e.g. "/orders"');

export const appSchema = z
  .strictObject({
    /** The Dapr app id; also the name of the Deployment, Service and ServiceAccount. */
    id: objectKeyName("app id", 58),
    description: z.string().min(1, "say what this app does"),
    namespace: appNamespace,
    language: z.enum(["nodejs", "dotnet", "python", "go", "java"]),
    image,
    port,
    protocol: z.enum(["http", "grpc", "https", "grpcs", "h2c"]),
    /** Replicas per environment; `default` covers the environments not named. */
    replicas: perEnvironment(z.number().int("replicas must be a whole number").min(1, "replicas must be at least 1")),
    resources: resourcesSchema,
    /** Probed by the kubelet on the app port: an HTTP path, the gRPC health service, or a TCP connect. */
    health: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("http"), path: route }),
      z.strictObject({ kind: z.literal("grpc") }),
      z.strictObject({ kind: z.literal("tcp") }),
    ]),
    /** Absolute path of the app's binary in the image. Go auto-instrumentation attaches to it, so Go apps must give it. */
    executable: z
      .string()
      .regex(/^\/[\w.\-/]+$/, 'an absolute path such as "/app/server"')
      .optional(),
    /** Numeric user the container runs as, when the image does not set a numeric USER itself. */
    runAsUser: z.number().int().min(1, "runAsUser must not be 0 (root)").optional(),
    /** Methods other apps may invoke through Dapr service invocation. */
    methods: z
      .array(
        z.strictObject({
          name: methodName,
          verbs: z.array(httpVerb).min(1, "list at least one HTTP verb"),
          /**
           * Whether calling the method twice has the effect of calling it once, so a caller's sidecar may retry it.
           * Default by verb: GET, HEAD, OPTIONS, PUT and DELETE are; POST and PATCH are not. Say true for a POST
           * that takes an idempotency key.
           */
          idempotent: z.boolean().optional(),
        }),
      )
      .default([]),
    /** Dapr components this app uses (names of files in components/). Pub/sub used by publishes/subscribes counts too. */
    uses: z.array(dnsLabel("component name")).default([]),
    invokes: z
      .array(
        z.strictObject({
          app: dnsLabel("app id", 58),
          method: methodName,
          verbs: z.array(httpVerb).min(1, "list at least one HTTP verb"),
        }),
      )
      .default([]),
    publishes: z.array(z.strictObject({ pubsub: dnsLabel("component name"), topic: z.string().min(1) })).default([]),
    subscribes: z
      .array(
        z.strictObject({
          pubsub: dnsLabel("component name"),
          topic: z.string().min(1),
          /** Where events go when no rule matches. */
          route,
          rules: z.array(z.strictObject({ match: z.string().min(1, "a CEL expression"), path: route })).default([]),
          deadLetterTopic: z.string().min(1).optional(),
          /** Deliver events in batches (the pub/sub must support bulk subscribe). */
          bulk: z
            .strictObject({
              maxMessagesCount: z.number().int().min(1).max(1000),
              maxAwaitDurationMs: z.number().int().min(1).max(60_000),
            })
            .optional(),
        }),
      )
      .default([]),
    /** Resiliency policy (a file in resiliency/) that wraps every call to this app; absent: the environment's default. */
    resiliency: dnsLabel("policy name").optional(),
    /** Namespaces whose pods may connect to the app port directly, such as an ingress controller's. Dapr traffic needs none. */
    exposedTo: z.array(dnsLabel("namespace")).default([]),
    /**
     * Secrets the app reads at runtime through a secret-store component it uses. Its sidecar may read exactly
     * these (the Configuration's secret scopes deny the rest), and for the Kubernetes store its ServiceAccount
     * may get exactly these Secrets.
     */
    secrets: z
      .array(
        z.strictObject({
          store: dnsLabel("component name"),
          name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "secret names are DNS subdomains"),
          keys: z
            .array(z.string().regex(/^[-._a-zA-Z0-9]+$/, "Secret keys are letters, digits, '-', '_' and '.'"))
            .min(1, "name the keys the app reads"),
        }),
      )
      .default([]),
    /** Runs Dapr workflows or actors, so it needs an actor state store. */
    actors: z.boolean().default(false),
    sidecar: z
      .strictObject({
        logLevel: daprLogLevel.optional(),
        resources: resourcesSchema.optional(),
      })
      .default({}),
  })
  .superRefine((app, ctx) => {
    if (app.language === "go" && !app.executable) {
      ctx.addIssue({
        code: "custom",
        path: ["executable"],
        message: 'Go auto-instrumentation needs the binary\'s path; add executable: "/path/in/image"',
      });
    }
    const allowed: readonly string[] = PROBES_FOR_PROTOCOL[app.protocol];
    if (!allowed.includes(app.health.kind)) {
      ctx.addIssue({
        code: "custom",
        path: ["health", "kind"],
        message: `a ${app.health.kind} probe cannot check a ${app.protocol} app; use ${allowed.map((kind) => `"${kind}"`).join(" or ")}`,
      });
    }
  });

/** Probe kinds the kubelet can run against each app protocol (its gRPC probe has no TLS). */
const PROBES_FOR_PROTOCOL = {
  http: ["http", "tcp"],
  https: ["http", "tcp"],
  h2c: ["http", "tcp"],
  grpc: ["grpc", "tcp"],
  grpcs: ["tcp"],
} as const;

export type AppDeclaration = z.input<typeof appSchema>;
export type App = z.output<typeof appSchema>;
