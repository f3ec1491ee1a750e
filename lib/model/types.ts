// The resolved model: plain data per environment, derived from the declarations. No Kubernetes objects yet.
import type { App } from "../../apps/schema.ts";
import type { ComponentKind } from "../../components/schema.ts";
import type { Resources } from "../declarations/fields.ts";
import type { Layer } from "./layers.ts";

export interface Platform {
  /** Sorted by name. */
  readonly environments: readonly EnvironmentModel[];
}

export interface EnvironmentModel {
  readonly name: string;
  readonly description: string;
  readonly namespaces: readonly NamespaceModel[];
  readonly apps: readonly AppModel[];
  readonly components: readonly ComponentModel[];
  readonly invocations: readonly Invocation[];
  readonly topics: readonly Topic[];
  /** The layers that have content in this environment, by wave. */
  readonly layers: readonly Layer[];
}

export interface NamespaceModel {
  readonly name: string;
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
  readonly methods: App["methods"];
  /** Every component the app may see: its `uses` plus the pub/subs it publishes or subscribes on. Sorted. */
  readonly components: readonly string[];
  readonly invokes: readonly Invocation[];
  readonly publishes: App["publishes"];
  readonly subscribes: App["subscribes"];
  readonly actors: boolean;
  /** Whether the pod mounts its service account token: only apps that read the Kubernetes secret store need it. */
  readonly mountServiceAccountToken: boolean;
  readonly sidecar: SidecarModel;
  /** Name of the Dapr Configuration the sidecar loads. */
  readonly daprConfiguration: string;
}

export interface SidecarModel {
  readonly logLevel: "debug" | "info" | "warn" | "error";
  readonly apiLogging: boolean;
  readonly resources: Resources;
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
