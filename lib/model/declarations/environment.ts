// What an environment declares. Everything an app or component does not say for itself comes from here.
import { z } from "zod";
import { PROFILES } from "../../policies/rule.ts";
import { looksLikeCredential } from "../../declarations/credentials.ts";
import { daprLogLevel, dnsLabel, goDuration, memoryQuantity, resourcesSchema } from "../../declarations/fields.ts";

/** Where a signal other than traces goes: nowhere, or to an OTLP/HTTP backend through the gateway. */
const signalRoute = z.union([
  z.literal("none"),
  z.strictObject({
    /** Base URL of the backend's OTLP/HTTP receiver; the gateway appends /v1/metrics or /v1/logs. */
    otlpHttpEndpoint: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL, e.g. "https://metrics.example.com:4318"' })
      .refine(
        (value) => !looksLikeCredential(value),
        "looks like a credential; the endpoint is rendered as plain text",
      ),
  }),
]);

export const environmentSchema = z.strictObject({
  /** Must equal the file name: environments/<name>.ts. */
  name: dnsLabel("environment name").refine(
    (name) => name !== "argocd",
    '"argocd" names deploy/argocd/, the folder shared by all environments; pick another name',
  ),
  description: z.string().min(1, "say what this environment is for"),
  /** The policy profile its output is checked with (`trellis check`): how strict the rules are. Never taken from the name. */
  profile: z.enum(PROFILES, { error: 'the policy profile: "dev", "staging" or "prod"' }),
  dapr: z.strictObject({
    /** Sidecar log level unless an app sets its own. */
    logLevel: daprLogLevel,
    /** Logs every Dapr API call of every sidecar (`dapr.io/enable-api-logging`). */
    apiLogging: z.boolean(),
    /** Sidecar requests and limits unless an app sets its own. */
    sidecarResources: resourcesSchema,
    /** Seconds daprd drains in-flight work on shutdown; each pod's grace period is derived above it. */
    gracefulShutdownSeconds: z.number().int().min(1).max(300),
    /** SPIFFE trust domain of the control plane and of every app identity; access-control policies name it. */
    trustDomain: z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/,
        "a trust domain is lowercase letters, digits, '.', '-' and '_', e.g. \"prod.trellis\"",
      ),
    /** What a sidecar does with an invocation that no derived policy allows: "deny", or "allow" (logged) for development. */
    accessControl: z.enum(["deny", "allow"]),
    controlPlane: z.strictObject({
      /** Three replicas of operator, injector, sentry and placement, with disruption budgets. */
      highAvailability: z.boolean(),
      /** Lifetime of the workload certificates Sentry issues. */
      workloadCertTTL: goDuration,
      /** The scheduler's etcd volumes (three, always). Fixed at install: Argo CD cannot change volumeClaimTemplates later. */
      schedulerStorage: z.strictObject({
        size: memoryQuantity,
        /** Absent: the cluster's default StorageClass. */
        storageClassName: dnsLabel("storage class name").optional(),
      }),
    }),
    /**
     * Resiliency policies (names of files in resiliency/): `apps` and `components` for calls whose target names none
     * of its own; `deliveries` for the sidecar's deliveries to an app (pub/sub events, input-binding events).
     */
    resiliency: z.strictObject({
      apps: dnsLabel("policy name"),
      components: dnsLabel("policy name"),
      deliveries: dnsLabel("policy name"),
    }),
  }),
  tracing: z
    .strictObject({
      /** Fraction of new traces that sidecars and SDKs record (parent-based): more than 0, at most 1. */
      samplingRate: z
        .number()
        .gt(0, "a sampling rate of 0 records no traces; use a fraction such as 0.1")
        .max(1, "the sampling rate is a fraction, at most 1"),
      /** Replicas of the gateway collector that every app and sidecar sends spans to. */
      gatewayReplicas: z.number().int().min(1),
      /** Where traces are stored and browsed. */
      backend: z.discriminatedUnion("kind", [
        /** Jaeger v2 keeping traces in memory: one pod, lost on restart. For development. */
        z.strictObject({ kind: z.literal("jaeger-memory"), maxTraces: z.number().int().min(1000) }),
        /** Grafana Tempo, monolithic, on a volume. */
        z.strictObject({
          kind: z.literal("tempo"),
          retention: goDuration,
          storageSize: memoryQuantity,
          /**
           * A PodDisruptionBudget (minAvailable 1) on the one Tempo pod: a node drain waits for an operator's decision
           * instead of taking the trace store away. Absent: false.
           */
          disruptionBudget: z.boolean().default(false),
        }),
      ]),
      /**
       * Metrics and logs, which the apps' SDKs export over OTLP unless told not to. "none": every Instrumentation
       * tells its SDKs not to (OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER=none), since the gateway would refuse them.
       * { otlpHttpEndpoint }: the gateway gets a pipeline for the signal and forwards it to that backend.
       * Absent: both "none".
       */
      otherSignals: z
        .strictObject({ metrics: signalRoute, logs: signalRoute })
        .default({ metrics: "none", logs: "none" }),
      /** A second collector tier that keeps whole traces by outcome: all errors, all slow ones, a share of the rest. */
      tailSampling: z
        .strictObject({
          replicas: z.number().int().min(1),
          /** Traces with a span at least this slow are kept. */
          keepSlowerThanMs: z.number().int().min(1),
          /** Share of the remaining traces kept, in percent. */
          keepPercent: z.number().min(0).max(100),
        })
        .optional(),
    })
    .superRefine((tracing, ctx) => {
      if (tracing.tailSampling && tracing.samplingRate !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["samplingRate"],
          message: "tail sampling decides on whole traces, so every trace must be recorded first; set samplingRate: 1",
        });
      }
    }),
  /** How the Secrets that components reference get into the cluster. Nothing secret is ever rendered. */
  secrets: z.discriminatedUnion("provider", [
    /** Kubernetes Secrets that the Pulumi bootstrap creates from stack secrets. */
    z.strictObject({ provider: z.literal("bootstrap") }),
    /** ExternalSecret objects read from Vault through a ClusterSecretStore rendered for this environment. */
    z.strictObject({
      provider: z.literal("external-secrets"),
      clusterSecretStore: dnsLabel("ClusterSecretStore name"),
      vault: z.strictObject({
        server: z.url({ protocol: /^https$/, error: "the Vault server is an https:// URL" }),
        /** KV v2 mount. */
        path: z.string().regex(/^[\w\-/]+$/, 'a Vault mount path such as "secret"'),
        /** Vault Kubernetes auth mount and role the operator logs in with. */
        authMountPath: z.string().regex(/^[\w\-/]+$/, 'a Vault auth mount path such as "kubernetes"'),
        role: z.string().min(1),
      }),
      /** Prefix of every remote key; the Secret's name follows it, its keys are the entry's properties. */
      remoteKeyPrefix: z.string().regex(/^([\w\-]+\/)*$/, 'a path ending in "/", e.g. "trellis/prod/"'),
      refreshInterval: goDuration,
    }),
  ]),
  /** Require every app image to carry a digest (`image:tag@sha256:...`), so a tag moved upstream cannot change what runs. */
  requireImageDigests: z.boolean(),
  /** How Argo CD gets this environment's rendered manifests. */
  delivery: z.strictObject({
    /** Git repository that holds deploy/. */
    repoURL: z.url({ protocol: /^https$/, error: "the repository is an https:// URL" }),
    /** What Argo CD syncs: a branch, or (for environments that must not move on their own) a tag or a commit. */
    revision: z.discriminatedUnion("kind", [
      z.strictObject({
        kind: z.literal("branch"),
        name: z
          .string()
          .regex(
            /^(?!HEAD$)[\w.\-/]+$/,
            'a branch name such as "main" (HEAD follows whatever is pushed; name a branch, tag or commit)',
          ),
      }),
      z.strictObject({ kind: z.literal("tag"), name: z.string().regex(/^[\w.\-/]+$/, 'a tag such as "v1.4.0"') }),
      z.strictObject({
        kind: z.literal("commit"),
        sha: z.string().regex(/^[0-9a-f]{40}$/, "a full 40-character commit SHA"),
      }),
    ]),
    /** Whether Argo CD deletes live objects whose files were removed from deploy/. */
    prune: z.boolean(),
    /**
     * Argo CD itself from its release's HA manifests (Redis with Sentinel behind HAProxy, two repo servers and API
     * servers), which need at least three nodes; else from its standard manifests. Absent: false.
     */
    highAvailability: z.boolean().default(false),
  }),
  /** Backends Trellis runs inside the cluster, for environments without managed ones. */
  inCluster: z
    .strictObject({
      redis: z.strictObject({ namespace: dnsLabel("namespace") }).optional(),
    })
    .default({}),
  /**
   * Values that differ per environment and that components refer to as `{ setting: "<name>" }`:
   * broker lists, hosts, bucket names. Never credentials: those are secret references.
   */
  settings: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "setting names are camelCase words"),
      z
        .string()
        .min(1)
        .refine(
          (value) => !looksLikeCredential(value),
          "looks like a credential; settings are rendered as plain text, use a secret reference in the component instead",
        ),
    )
    .default({}),
});

export type EnvironmentDeclaration = z.input<typeof environmentSchema>;
export type Environment = z.output<typeof environmentSchema>;
