// Turns checked declarations into one model per environment. All derivation happens here.
import type { App } from "../../apps/schema.ts";
import type { Component, EnvironmentSetting } from "../../components/schema.ts";
import type { Environment } from "../../environments/schema.ts";
import type { Declarations } from "../declarations/load.ts";
import { sortBy } from "../sort.ts";
import { componentsUsedBy } from "./components-used.ts";
import { layer, type Layer } from "./layers.ts";
import { valueFor } from "./per-environment.ts";
import { checkReferences } from "./references.ts";
import type { AppModel, ComponentModel, EnvironmentModel, Invocation, NamespaceModel, Platform, Topic } from "./types.ts";

/** Dapr's built-in secret store in Kubernetes; it reads Secrets of the app's namespace. */
export const KUBERNETES_SECRET_STORE = "kubernetes";

export function resolvePlatform(declarations: Declarations): Platform {
  checkReferences(declarations);
  const apps = sortBy(declarations.apps.map((d) => d.value), (a) => a.id);
  const components = new Map(declarations.components.map((d) => [d.value.name, d.value]));
  const environments = sortBy(declarations.environments.map((d) => d.value), (e) => e.name);
  return { environments: environments.map((environment) => resolveEnvironment(environment, apps, components)) };
}

function resolveEnvironment(environment: Environment, apps: readonly App[], components: ReadonlyMap<string, Component>): EnvironmentModel {
  const appModels = apps.map((app) => resolveApp(app, environment, apps, components));
  const componentModels = resolveComponents(appModels, components, environment);
  // Every layer rendered today has content exactly when there are apps: components always have users.
  const layers: Layer[] = appModels.length > 0 ? [layer("namespaces"), layer("runtime"), layer("apps")] : [];
  return {
    name: environment.name,
    description: environment.description,
    namespaces: resolveNamespaces(appModels),
    apps: appModels,
    components: componentModels,
    invocations: sortBy(appModels.flatMap((app) => app.invokes), (i) => `${i.caller}/${i.callee}/${i.method}`),
    topics: resolveTopics(appModels),
    layers,
  };
}

function resolveApp(app: App, environment: Environment, apps: readonly App[], components: ReadonlyMap<string, Component>): AppModel {
  const used = componentsUsedBy(app);
  const namespaceOf = (id: string) => required(apps.find((candidate) => candidate.id === id)).namespace;
  const invokes: Invocation[] = app.invokes.map((call) => ({
    caller: app.id,
    callerNamespace: app.namespace,
    callee: call.app,
    calleeNamespace: namespaceOf(call.app),
    method: call.method,
    verbs: [...call.verbs].sort(),
  }));
  const readsKubernetesSecrets = used.some((name) => {
    const component = components.get(name);
    return component !== undefined && backendOf(component, environment.name).type === `secretstores.${KUBERNETES_SECRET_STORE}`;
  });
  return {
    id: app.id,
    description: app.description,
    namespace: app.namespace,
    language: app.language,
    image: app.image,
    version: imageTag(app.image),
    port: app.port,
    protocol: app.protocol,
    replicas: required(valueFor(app.replicas, environment.name)),
    resources: app.resources,
    health: app.health,
    runAsUser: app.runAsUser,
    methods: sortBy(app.methods, (m) => m.name),
    components: used,
    invokes: sortBy(invokes, (i) => `${i.callee}/${i.method}`),
    publishes: sortBy(app.publishes, (p) => `${p.pubsub}/${p.topic}`),
    subscribes: sortBy(app.subscribes, (s) => `${s.pubsub}/${s.topic}`),
    actors: app.actors,
    mountServiceAccountToken: readsKubernetesSecrets,
    sidecar: {
      logLevel: app.sidecar.logLevel ?? environment.dapr.logLevel,
      apiLogging: environment.dapr.apiLogging,
      resources: app.sidecar.resources ?? environment.dapr.sidecarResources,
    },
    daprConfiguration: `${app.id}-config`,
  };
}

/** One Component per namespace that has users, scoped to exactly those users. */
function resolveComponents(apps: readonly AppModel[], components: ReadonlyMap<string, Component>, environment: Environment): ComponentModel[] {
  const models: ComponentModel[] = [];
  const plain = (value: string | number | boolean | EnvironmentSetting) =>
    typeof value === "object" ? required(environment.settings[value.setting]) : String(value);
  for (const component of components.values()) {
    const users = apps.filter((app) => app.components.includes(component.name));
    const backend = backendOf(component, environment.name);
    const hasSecrets = Object.keys(backend.secrets).length > 0;
    for (const namespace of [...new Set(users.map((app) => app.namespace))].sort()) {
      models.push({
        name: component.name,
        namespace,
        description: component.description,
        kind: component.kind,
        type: backend.type,
        version: backend.version,
        metadata: [
          ...Object.entries(backend.metadata).map(([name, value]) => ({ name, value: plain(value) })),
          ...Object.entries(backend.secrets).map(([name, secretKeyRef]) => ({ name, secretKeyRef })),
          ...(component.actorStateStore ? [{ name: "actorStateStore", value: "true" }] : []),
          ...(component.direction ? [{ name: "direction", value: component.direction }] : []),
        ],
        scopes: users.filter((app) => app.namespace === namespace).map((app) => app.id).sort(),
        secretStore: hasSecrets ? KUBERNETES_SECRET_STORE : undefined,
        direction: component.direction,
        actorStateStore: component.actorStateStore,
      });
    }
  }
  return sortBy(models, (c) => `${c.namespace}/${c.name}`);
}

function resolveNamespaces(apps: readonly AppModel[]): NamespaceModel[] {
  const names = [...new Set(apps.map((app) => app.namespace))].sort();
  return names.map((name) => ({
    name,
    // The Dapr sidecar and instrumentation init containers are injected by admission webhooks that Trellis
    // does not control, so "restricted" is reported as warnings while "baseline" is enforced.
    podSecurity: { enforce: "baseline", warn: "restricted" },
    apps: apps.filter((app) => app.namespace === name).map((app) => app.id),
  }));
}

function resolveTopics(apps: readonly AppModel[]): Topic[] {
  const topics = new Map<string, { pubsub: string; topic: string; publishers: string[]; subscribers: string[] }>();
  const entry = (pubsub: string, topic: string) => {
    const key = `${pubsub}/${topic}`;
    const existing = topics.get(key) ?? { pubsub, topic, publishers: [], subscribers: [] };
    topics.set(key, existing);
    return existing;
  };
  for (const app of apps) {
    app.publishes.forEach(({ pubsub, topic }) => entry(pubsub, topic).publishers.push(app.id));
    app.subscribes.forEach(({ pubsub, topic }) => entry(pubsub, topic).subscribers.push(app.id));
  }
  return sortBy([...topics.values()], (t) => `${t.pubsub}/${t.topic}`);
}

function backendOf(component: Component, environment: string) {
  return required(valueFor(component.backends, environment));
}

function imageTag(image: string): string {
  const withoutDigest = image.split("@")[0] ?? image;
  return withoutDigest.slice(withoutDigest.lastIndexOf(":") + 1);
}

/** Values that checkReferences has already proven present. */
function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("internal: a value that passed the reference checks is missing");
  return value;
}
