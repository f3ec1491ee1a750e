// What a component declares: what it is for, its kind, and its backend in each environment.
import { z } from "zod";
import { isCredentialName, looksLikeCredential } from "../../declarations/credentials.ts";
import { dnsLabel, objectKeyName, perEnvironment } from "../../declarations/fields.ts";
import type {
  ComponentMetadataByType,
  ComponentType,
  ComponentVersionOf,
  SecretReference,
} from "./generated/component-metadata.ts";

/** The Dapr type prefix each kind of component must use. */
export const TYPE_PREFIX = {
  state: "state.",
  pubsub: "pubsub.",
  binding: "bindings.",
  secretstore: "secretstores.",
  lock: "lock.",
  configuration: "configuration.",
} as const;
export type ComponentKind = keyof typeof TYPE_PREFIX;

/** Metadata items Trellis writes from the component's own fields. */
export const DERIVED_METADATA = ["direction", "actorStateStore"] as const;

/** Component types that can use the in-cluster Redis, and the metadata Trellis then derives for them. */
export const IN_CLUSTER_REDIS_TYPES = ["state.redis", "pubsub.redis", "lock.redis"] as const;
export const IN_CLUSTER_REDIS_METADATA = ["redisHost", "redisPassword"] as const;

const TYPE_FORMAT = /^[a-z0-9]+\.[a-z0-9][a-z0-9.\-]*$/;

/** A metadata value taken from the settings of the environment being rendered. */
export const environmentSetting = z.strictObject({ setting: z.string().min(1) });
export type EnvironmentSetting = z.output<typeof environmentSetting>;

const secretReference = z.strictObject({
  /** Kubernetes Secret (or secret-store entry) name. */
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "secret names are DNS subdomains"),
  key: z.string().min(1),
});

const backendSchema = z
  .strictObject({
    /** Dapr component type, e.g. "state.redis" or "pubsub.kafka". */
    type: z.string().regex(TYPE_FORMAT, 'type is "<kind>.<name>", e.g. "state.redis"'),
    version: z.string().regex(/^v\d+((alpha|beta)\d+)?$/, 'version looks like "v1" or "v2"'),
    /** Plain settings, or `{ setting: "<name>" }` to take the value from the environment's settings. Credentials belong in `secrets`. */
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), environmentSetting])).default({}),
    /** Settings read from a secret store: rendered as secretKeyRef, never as a value. */
    secrets: z.record(z.string(), secretReference).default({}),
    /** Use the Redis that the environment runs in the cluster (environment `inCluster.redis`); host and password are derived. */
    inCluster: z.literal("redis").optional(),
  })
  .superRefine((backend, ctx) => {
    if (backend.inCluster === "redis") {
      if (!(IN_CLUSTER_REDIS_TYPES as readonly string[]).includes(backend.type)) {
        ctx.addIssue({
          code: "custom",
          path: ["inCluster"],
          message: `the in-cluster Redis serves ${IN_CLUSTER_REDIS_TYPES.join(", ")}, not "${backend.type}"`,
        });
      }
      for (const name of IN_CLUSTER_REDIS_METADATA) {
        if (Object.hasOwn(backend.metadata, name) || Object.hasOwn(backend.secrets, name)) {
          ctx.addIssue({
            code: "custom",
            path: [Object.hasOwn(backend.metadata, name) ? "metadata" : "secrets", name],
            message: `"${name}" is derived from inCluster: "redis"; remove it here`,
          });
        }
      }
    }
    for (const [name, value] of Object.entries(backend.metadata)) {
      if (isCredentialName(name) || (typeof value === "string" && looksLikeCredential(value))) {
        ctx.addIssue({
          code: "custom",
          path: ["metadata", name],
          message: `"${name}" carries a credential as a literal value; move it to secrets: { ${name}: { name: "<secret>", key: "<key>" } }`,
        });
      }
      if (Object.hasOwn(backend.secrets, name)) {
        ctx.addIssue({
          code: "custom",
          path: ["metadata", name],
          message: `"${name}" is given in both metadata and secrets; keep one`,
        });
      }
    }
  });

export const componentSchema = z
  .strictObject({
    /** The Dapr component name apps refer to; must equal the file name. */
    name: objectKeyName("component name"),
    description: z.string().min(1, "say what this component is for"),
    kind: z.enum(Object.keys(TYPE_PREFIX) as [ComponentKind, ...ComponentKind[]]),
    /** Bindings only: input bindings call the app, output bindings are called by it. */
    direction: z.enum(["input", "output"]).optional(),
    /** State stores only: this store keeps actor and workflow state. */
    actorStateStore: z.boolean().default(false),
    backends: perEnvironment(backendSchema),
    /** Resiliency policy (a file in resiliency/) for calls to this component; absent: the environment's default. */
    resiliency: dnsLabel("policy name").optional(),
  })
  .superRefine((component, ctx) => {
    const prefix = TYPE_PREFIX[component.kind];
    for (const [environment, backend] of Object.entries(component.backends)) {
      // A malformed type is already reported by its own check.
      if (TYPE_FORMAT.test(backend.type) && !backend.type.startsWith(prefix)) {
        ctx.addIssue({
          code: "custom",
          path: ["backends", environment, "type"],
          message: `type "${backend.type}" is not a ${component.kind} component; a ${component.kind} type starts with "${prefix}"`,
        });
      }
    }
    if (component.kind === "binding" && !component.direction) {
      ctx.addIssue({ code: "custom", path: ["direction"], message: 'a binding needs direction: "input" or "output"' });
    }
    if (component.kind !== "binding" && component.direction) {
      ctx.addIssue({ code: "custom", path: ["direction"], message: "only bindings have a direction; remove it" });
    }
    for (const [environment, backend] of Object.entries(component.backends)) {
      for (const derived of DERIVED_METADATA) {
        if (Object.hasOwn(backend.metadata, derived) || Object.hasOwn(backend.secrets, derived)) {
          ctx.addIssue({
            code: "custom",
            path: ["backends", environment, "metadata", derived],
            message: `"${derived}" is derived from the component's ${derived === "direction" ? "direction" : "actorStateStore"} field; set it there and remove it here`,
          });
        }
      }
    }
    if (component.kind !== "state" && component.actorStateStore) {
      ctx.addIssue({
        code: "custom",
        path: ["actorStateStore"],
        message: "only state stores can be actor state stores; remove it",
      });
    }
  });

export type Component = z.output<typeof componentSchema>;

// What a declaration is checked with by tsc: the schema's input, with each backend's metadata and secrets typed from
// its type and version by the contracts of the pinned Dapr release (generated/component-metadata.ts, made by
// `npm run import-components`). A misspelt key, a value of the wrong type or a credential in `metadata` is a type
// error in the editor; the schema above stays the check at load time, and synth checks the contracts again.

/** Metadata that Trellis writes itself; a backend does not give it (DERIVED_METADATA). */
type DerivedKey = (typeof DERIVED_METADATA)[number];
type InClusterRedisType = (typeof IN_CLUSTER_REDIS_TYPES)[number];
type InClusterRedisKey = (typeof IN_CLUSTER_REDIS_METADATA)[number];

/** The contract's fields of type T at version V, less those Trellis derives. */
type MetadataOf<T extends ComponentType, V extends ComponentVersionOf<T>> = Omit<
  ComponentMetadataByType[T][V],
  DerivedKey
>;
/** The same on the in-cluster Redis, whose host and password are derived too. */
type InClusterRedisMetadataOf<T extends ComponentType, V extends ComponentVersionOf<T>> = Omit<
  ComponentMetadataByType[T][V],
  DerivedKey | InClusterRedisKey
>;
/** Any field may come from a secret; a sensitive one only from there. */
type SecretsFor<Metadata> = { [K in keyof Metadata]?: SecretReference };

/** One backend of type T at version V: on a server of its own, or (Redis types) on the environment's in-cluster Redis. */
export type BackendDeclarationOf<T extends ComponentType, V extends ComponentVersionOf<T>> =
  | {
      /** Dapr component type, e.g. "state.redis" or "pubsub.kafka". */
      type: T;
      version: V;
      /** Plain settings, or `{ setting: "<name>" }` to take the value from the environment's settings. Credentials belong in `secrets`. */
      metadata?: MetadataOf<T, V>;
      /** Settings read from a secret store: rendered as secretKeyRef, never as a value. */
      secrets?: SecretsFor<MetadataOf<T, V>>;
      inCluster?: undefined;
    }
  | (T extends InClusterRedisType
      ? {
          type: T;
          version: V;
          metadata?: InClusterRedisMetadataOf<T, V>;
          secrets?: SecretsFor<InClusterRedisMetadataOf<T, V>>;
          /** Use the Redis that the environment runs in the cluster (environment `inCluster.redis`); host and password are derived. */
          inCluster: "redis";
        }
      : never);

/** Every backend daprd can load, discriminated by type and version. */
export type BackendDeclaration = {
  [T in ComponentType]: { [V in ComponentVersionOf<T>]: BackendDeclarationOf<T, V> }[ComponentVersionOf<T>];
}[ComponentType];

/** The backends a component of this kind may use: the types that start with the kind's prefix. */
export type BackendDeclarationFor<K extends ComponentKind> = Extract<
  BackendDeclaration,
  { type: `${(typeof TYPE_PREFIX)[K]}${string}` }
>;

/** A component declaration (`components/<name>.ts` ends with `satisfies ComponentDeclaration`). */
export type ComponentDeclaration = {
  [K in ComponentKind]: Omit<z.input<typeof componentSchema>, "kind" | "backends"> & {
    kind: K;
    /** The backend per environment name; `default` covers every environment not named. */
    backends: Record<string, BackendDeclarationFor<K>>;
  };
}[ComponentKind];
