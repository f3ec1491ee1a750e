// The resolved model: plain data per environment, derived from the declarations. No Kubernetes objects yet.
import type { App } from "./declarations/app.ts";
import type { ComponentKind } from "./declarations/component.ts";
import type { Resources } from "../declarations/fields.ts";
import type { ResiliencyPolicy } from "./declarations/resiliency-policy.ts";
import type { ChartName } from "./charts.ts";
import type { Layer } from "./layers.ts";
import type { Profile } from "../policies/rule.ts";

export interface Platform {
  /** Sorted by name. */
  readonly environments: readonly EnvironmentModel[];
}

export interface EnvironmentModel {
  readonly name: string;
  readonly description: string;
  /** The policy profile the environment declares. */
  readonly profile: Profile;
  readonly namespaces: readonly NamespaceModel[];
  /** What may reach the pods of the platform's namespaces, each of which denies ingress by default. */
  readonly platformIngress: readonly IngressAllowModel[];
  readonly apps: readonly AppModel[];
  readonly components: readonly ComponentModel[];
  readonly invocations: readonly Invocation[];
  readonly topics: readonly Topic[];
  /** The layers that have content in this environment, by wave. */
  readonly layers: readonly Layer[];
  readonly dapr: DaprModel;
  readonly tracing: TracingModel;
  readonly secrets: SecretsModel;
  /** The in-cluster Redis, when the environment runs one. */
  readonly redis: RedisModel | undefined;
  /** Helm charts installed by the operators layer, sorted. */
  readonly charts: readonly ChartName[];
  readonly argocd: ArgoCdModel;
}

export interface ArgoCdModel {
  /** Namespace Argo CD runs in; Applications live there. */
  readonly namespace: string;
  /** The AppProject that confines every Application of the environment. */
  readonly project: string;
  /** The cluster the Applications deploy to, as Argo CD names it. */
  readonly destinationServer: string;
  /** Repository and revision Argo CD reads this environment's deploy/ folder from. */
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Whether Argo CD deletes live objects whose files were removed. */
  readonly prune: boolean;
  /** Whether the bootstrap installs Argo CD from its release's HA manifests. */
  readonly highAvailability: boolean;
}

export interface DaprModel {
  readonly namespace: string;
  readonly registry: string;
  readonly version: string;
  readonly highAvailability: boolean;
  /** Replicas of operator, injector and sentry. */
  readonly replicas: number;
  readonly trustDomain: string;
  readonly workloadCertTTL: string;
  readonly schedulerStorage: { readonly size: string; readonly storageClassName: string | undefined };
}

export interface TracingModel {
  /** Parent-based head sampling fraction for sidecars and SDKs. */
  readonly samplingRate: number;
  /** The collector every app and sidecar sends spans to. */
  readonly gateway: CollectorEndpoint;
  readonly gatewayReplicas: number;
  /** The tail-sampling tier behind the gateway, when the environment has one. */
  readonly sampler: SamplerTierModel | undefined;
  readonly backend: TraceBackendModel;
  /** One Instrumentation per app namespace, sorted by namespace. */
  readonly instrumentations: readonly InstrumentationModel[];
  /** Whether any app is Go, which needs the operator's eBPF auto-instrumentation switched on. */
  readonly goAutoInstrumentation: boolean;
  /** Where the SDKs' metrics and logs go: an OTLP/HTTP backend the gateway forwards to, or nowhere (undefined). */
  readonly otherSignals: { readonly metrics: string | undefined; readonly logs: string | undefined };
}

export interface CollectorEndpoint {
  /** OpenTelemetryCollector name; the operator names its Services `<name>-collector` and `<name>-collector-headless`. */
  readonly name: string;
  readonly namespace: string;
  /** Cluster DNS name of the collector's Service. */
  readonly host: string;
  /** Cluster DNS name of its headless Service: one address per pod. */
  readonly headlessHost: string;
  readonly otlpGrpcPort: number;
  readonly otlpHttpPort: number;
}

export interface SamplerTierModel {
  readonly collector: CollectorEndpoint;
  readonly replicas: number;
  readonly keepSlowerThanMs: number;
  readonly keepPercent: number;
}

export type TraceBackendModel =
  | {
      readonly kind: "jaeger-memory";
      readonly collector: CollectorEndpoint;
      readonly maxTraces: number;
      readonly uiPort: number;
    }
  | {
      readonly kind: "tempo";
      /** Helm release name, which is also the name of the chart's Service. */
      readonly release: string;
      readonly namespace: string;
      readonly host: string;
      readonly otlpGrpcPort: number;
      readonly retention: string;
      readonly storageSize: string;
      /** Whether the Tempo pod gets a PodDisruptionBudget that holds node drains. */
      readonly disruptionBudget: boolean;
    };

export interface InstrumentationModel {
  readonly name: string;
  readonly namespace: string;
  /** Languages of the namespace's apps, sorted. */
  readonly languages: readonly App["language"][];
}

export interface SecretsModel {
  readonly delivery:
    | { readonly provider: "bootstrap" }
    | {
        readonly provider: "external-secrets";
        readonly clusterSecretStore: string;
        readonly vault: {
          readonly server: string;
          readonly path: string;
          readonly authMountPath: string;
          readonly role: string;
        };
        readonly remoteKeyPrefix: string;
        readonly refreshInterval: string;
      };
  /** Every Kubernetes Secret the rendered objects reference, by namespace and name. Values never enter the model. */
  readonly secrets: readonly SecretModel[];
}

export interface SecretModel {
  readonly name: string;
  readonly namespace: string;
  /** Sorted. */
  readonly keys: readonly string[];
  /** What reads it, for the bootstrap's prompts and the docs: component names or "redis". Sorted. */
  readonly readers: readonly string[];
}

export interface RedisModel {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  /** host:port as Dapr components write it. */
  readonly address: string;
  readonly passwordSecret: { readonly name: string; readonly key: string };
}

export interface NamespaceModel {
  readonly name: string;
  /** What runs there: "apps", or the platform piece that owns it. */
  readonly purpose: string;
  /** Ingress is denied unless a policy allows it: app namespaces (each app's allows) and platform ones (platformIngress). */
  readonly defaultDenyIngress: boolean;
  /** Pod Security Admission level enforced on the namespace. */
  readonly podSecurity: { readonly enforce: PodSecurityLevel; readonly warn: PodSecurityLevel };
  readonly apps: readonly string[];
}
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export interface AppModel {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly language: App["language"];
  readonly image: string;
  readonly version: string;
  readonly port: number;
  readonly protocol: App["protocol"];
  readonly replicas: number;
  readonly resources: Resources;
  readonly health: App["health"];
  readonly runAsUser: number | undefined;
  /** Namespaces whose pods may reach the app port directly. */
  readonly exposedTo: readonly string[];
  /**
   * Namespaces whose Dapr sidecars call this app's sidecar (daprd's internal gRPC port): its callers' namespaces,
   * from the invocation graph, and its own when it hosts actors (its replicas call each other). Sorted.
   */
  readonly sidecarPeers: readonly string[];
  /** Path of the app's binary in the image, for Go auto-instrumentation. */
  readonly executable: string | undefined;
  readonly methods: App["methods"];
  /** Every component the app may see: its `uses` plus the pub/subs it publishes or subscribes on. Sorted. */
  readonly components: readonly string[];
  readonly invokes: readonly Invocation[];
  readonly publishes: App["publishes"];
  readonly subscribes: App["subscribes"];
  readonly actors: boolean;
  /** Whether the pod mounts its service account token: only apps that read the Kubernetes secret store need it. */
  readonly mountServiceAccountToken: boolean;
  /** Every secret-store component the app uses, with the secrets it may read there; sorted by store. */
  readonly secretStores: readonly SecretStoreAccess[];
  readonly sidecar: SidecarModel;
  /** Name of the Dapr Configuration the sidecar loads. */
  readonly daprConfiguration: string;
  /** Seconds the kubelet waits before killing the pod; above the sidecar's graceful shutdown. */
  readonly terminationGracePeriodSeconds: number;
  readonly accessControl: AccessControlModel;
  /** Absent when the app calls nothing that a policy could wrap. */
  readonly resiliency: ResiliencyModel | undefined;
  readonly subscriptions: readonly SubscriptionModel[];
  /** The Instrumentation the operator injects into the app container, as `<namespace>/<name>`. */
  readonly instrumentation: string;
}

export interface SecretStoreAccess {
  readonly store: string;
  /** The store reads Kubernetes Secrets of the app's namespace with the app's ServiceAccount. */
  readonly kubernetes: boolean;
  /** Secrets the app may read there, sorted by name; every other secret is denied by the Configuration's scopes. */
  readonly secrets: readonly { readonly name: string; readonly keys: readonly string[] }[];
}

/** Who may invoke the app's methods through Dapr: derived from the callers' `invokes`. */
export interface AccessControlModel {
  readonly defaultAction: "allow" | "deny";
  readonly trustDomain: string;
  /** One per caller, sorted by caller. */
  readonly policies: readonly AccessPolicy[];
}

export interface AccessPolicy {
  readonly appId: string;
  readonly namespace: string;
  readonly trustDomain: string;
  readonly defaultAction: "allow" | "deny";
  /** Sorted by name; names start with "/". */
  readonly operations: readonly { readonly name: string; readonly verbs: readonly string[] }[];
}

export interface ResiliencyModel {
  /** The named policies the targets use, sorted by name. */
  readonly policies: readonly ResiliencyPolicy[];
  /** Apps the app invokes, sorted. */
  readonly apps: readonly { readonly app: string; readonly policy: string }[];
  /**
   * Components the app uses, sorted; inbound only for deliveries to the app (subscribed pub/subs, input bindings).
   * `timeout` names a timeout of `timeouts` that replaces the policy's, where the component waits longer itself.
   */
  readonly components: readonly {
    readonly component: string;
    readonly outbound: string;
    readonly inbound: string | undefined;
    readonly timeout?: string;
  }[];
  /** Timeouts derived for components whose own timeout is longer than their policy's, sorted by name. */
  readonly timeouts: readonly { readonly name: string; readonly duration: string }[];
}

export interface SubscriptionModel {
  readonly name: string;
  readonly namespace: string;
  readonly subscriber: string;
  readonly pubsub: string;
  readonly topic: string;
  readonly rules: readonly { readonly match: string; readonly path: string }[];
  readonly defaultRoute: string;
  readonly deadLetterTopic: string | undefined;
  readonly bulk: { readonly maxMessagesCount: number; readonly maxAwaitDurationMs: number } | undefined;
}

export interface SidecarModel {
  readonly logLevel: "debug" | "info" | "warn" | "error";
  readonly apiLogging: boolean;
  readonly resources: Resources;
  readonly gracefulShutdownSeconds: number;
  /** Go runtime soft memory limit for daprd, about 90% of its memory limit, e.g. "900MiB". */
  readonly goMemLimit: string;
  /** Path daprd probes before it delivers work to the app; absent when the app has no HTTP health path. */
  readonly appHealthCheckPath: string | undefined;
}

export interface ComponentModel {
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly kind: ComponentKind;
  readonly type: string;
  readonly version: string;
  readonly metadata: readonly ComponentMetadataItem[];
  /** Exactly the apps in this namespace that use the component. Sorted, never empty. */
  readonly scopes: readonly string[];
  /** Secret store that resolves the secretKeyRefs; absent when there are none. */
  readonly secretStore: string | undefined;
  readonly direction: "input" | "output" | undefined;
  readonly actorStateStore: boolean;
}

export type ComponentMetadataItem =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secretKeyRef: { readonly name: string; readonly key: string } };

export interface Invocation {
  readonly caller: string;
  readonly callerNamespace: string;
  readonly callee: string;
  readonly calleeNamespace: string;
  readonly method: string;
  readonly verbs: readonly string[];
}

export interface Topic {
  readonly pubsub: string;
  readonly topic: string;
  readonly publishers: readonly string[];
  readonly subscribers: readonly string[];
}

/** A NetworkPolicy that opens a platform pod to what must reach it. */
export interface IngressAllowModel {
  /** The NetworkPolicy's name: `allow-<what>`. */
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  /** Labels of the pods the allow opens. */
  readonly pods: Readonly<Record<string, string>>;
  /** Container ports, by number or by the name the chart gives them. */
  readonly ports: readonly (number | string)[];
  /**
   * Who may connect: any source (the API server calls webhooks from the node or control-plane network, which
   * no selector names), pods of the listed namespaces, or pods of the same namespace with these labels.
   */
  readonly from:
    | { readonly anywhere: true }
    | { readonly namespaces: readonly string[] }
    | { readonly pods: Readonly<Record<string, string>> };
}
