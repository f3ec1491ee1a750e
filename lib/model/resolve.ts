// Turns checked declarations into one model per environment. All derivation happens here.
import type { App } from "./declarations/app.ts";
import type { Component, EnvironmentSetting } from "./declarations/component.ts";
import type { Environment } from "./declarations/environment.ts";
import { CHARTS, IMAGES } from "../../versions.ts";
import type { Declarations } from "../declarations/load-declarations.ts";
import { sortBy } from "../sort.ts";
import { resolveAccessControl } from "./access-control.ts";
import { chartsFor, type ChartName } from "./charts.ts";
import { componentsUsedBy } from "./components-used.ts";
import { LAYERS, layer, type Layer } from "./layers.ts";
import { valueFor } from "./per-environment.ts";
import { goMemLimit } from "./quantity.ts";
import { resolveRedis } from "./redis.ts";
import { checkReferences } from "./references.ts";
import { resolveResiliency, type ResiliencyInputs } from "./resiliency.ts";
import { resolveSecrets } from "./secrets.ts";
import { resolveSubscriptions } from "./subscriptions.ts";
import { platformIngress } from "./platform-ingress.ts";
import { ARGOCD_NAMESPACE } from "./platform-namespaces.ts";
import { INSTRUMENTATION_NAME, MONITORING_NAMESPACE, resolveTracing } from "./tracing.ts";
import type {
  AppModel,
  ComponentModel,
  SecretStoreAccess,
  DaprModel,
  EnvironmentModel,
  Invocation,
  NamespaceModel,
  Platform,
  RedisModel,
  Topic,
} from "./types.ts";

/** Dapr's built-in secret store in Kubernetes; it reads Secrets of the app's namespace. */
export const KUBERNETES_SECRET_STORE = "kubernetes";

/** The in-cluster API server address as Argo CD names it. */
const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
/** Seconds the kubelet grants a pod beyond the sidecar's own graceful shutdown. */
const GRACE_BEYOND_SIDECAR_SECONDS = 10;

export function resolvePlatform(declarations: Declarations): Platform {
  checkReferences(declarations);
  const apps = sortBy(
    declarations.apps.map((d) => d.value),
    (a) => a.id,
  );
  const inputs: ResiliencyInputs = {
    apps: new Map(apps.map((app) => [app.id, app])),
    components: new Map(declarations.components.map((d) => [d.value.name, d.value])),
    policies: new Map(declarations.resiliencyPolicies.map((d) => [d.value.name, d.value])),
  };
  const environments = sortBy(
    declarations.environments.map((d) => d.value),
    (e) => e.name,
  );
  return { environments: environments.map((environment) => resolveEnvironment(environment, apps, inputs)) };
}

function resolveEnvironment(
  environment: Environment,
  apps: readonly App[],
  inputs: ResiliencyInputs,
): EnvironmentModel {
  const invocations = sortBy(
    apps.flatMap((app) => invocationsOf(app, apps)),
    (i) => `${i.caller}/${i.callee}/${i.method}`,
  );
  const appModels = apps.map((app) => resolveApp(app, environment, invocations, inputs));
  const redis = resolveRedis(environment);
  const componentModels = resolveComponents(appModels, inputs.components, environment, redis);
  const charts = chartsFor(environment);
  const tracing = resolveTracing(environment, apps);
  // Every layer rendered today has content exactly when there are apps: components always have users.
  const layers: Layer[] = appModels.length > 0 ? LAYERS.map((planned) => layer(planned.name)) : [];
  return {
    name: environment.name,
    description: environment.description,
    profile: environment.profile,
    namespaces: resolveNamespaces(appModels, charts, redis, apps),
    platformIngress: platformIngress({ apps: appModels, components: componentModels, charts, tracing, redis }),
    apps: appModels,
    components: componentModels,
    invocations,
    topics: resolveTopics(appModels),
    layers,
    dapr: resolveDapr(environment),
    tracing,
    secrets: { delivery: environment.secrets, secrets: resolveSecrets(componentModels, redis, appModels) },
    redis,
    charts,
    argocd: {
      namespace: ARGOCD_NAMESPACE,
      project: `trellis-${environment.name}`,
      destinationServer: IN_CLUSTER_SERVER,
      repoURL: environment.delivery.repoURL,
      targetRevision: revisionOf(environment.delivery.revision),
      prune: environment.delivery.prune,
      highAvailability: environment.delivery.highAvailability,
    },
  };
}

function revisionOf(revision: Environment["delivery"]["revision"]): string {
  return revision.kind === "commit" ? revision.sha : revision.name;
}

function invocationsOf(app: App, apps: readonly App[]): Invocation[] {
  const namespaceOf = (id: string) => required(apps.find((candidate) => candidate.id === id)).namespace;
  return app.invokes.map((call) => ({
    caller: app.id,
    callerNamespace: app.namespace,
    callee: call.app,
    calleeNamespace: namespaceOf(call.app),
    method: call.method,
    verbs: [...call.verbs].sort(),
  }));
}

function resolveDapr(environment: Environment): DaprModel {
  const { controlPlane, trustDomain } = environment.dapr;
  return {
    namespace: CHARTS.dapr.namespace,
    registry: IMAGES.dapr.registry,
    version: IMAGES.dapr.tag,
    highAvailability: controlPlane.highAvailability,
    replicas: controlPlane.highAvailability ? 3 : 1,
    trustDomain,
    workloadCertTTL: controlPlane.workloadCertTTL,
    schedulerStorage: {
      size: controlPlane.schedulerStorage.size,
      storageClassName: controlPlane.schedulerStorage.storageClassName,
    },
  };
}

function resolveApp(
  app: App,
  environment: Environment,
  invocations: readonly Invocation[],
  inputs: ResiliencyInputs,
): AppModel {
  const used = componentsUsedBy(app);
  const components = inputs.components;
  const invokes = invocations.filter((invocation) => invocation.caller === app.id);
  const sidecarResources = app.sidecar.resources ?? environment.dapr.sidecarResources;
  const secretStores: SecretStoreAccess[] = used.flatMap((name) => {
    const component = components.get(name);
    if (component?.kind !== "secretstore") return [];
    const secrets = sortBy(
      app.secrets
        .filter((secret) => secret.store === name)
        .map((secret) => ({ name: secret.name, keys: [...secret.keys].sort() })),
      (secret) => secret.name,
    );
    return [
      {
        store: name,
        kubernetes: backendOf(component, environment.name).type === `secretstores.${KUBERNETES_SECRET_STORE}`,
        secrets,
      },
    ];
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
    executable: app.executable,
    exposedTo: [...app.exposedTo].sort(),
    sidecarPeers: [
      ...new Set([
        ...invocations.filter((call) => call.callee === app.id).map((call) => call.callerNamespace),
        ...(app.actors ? [app.namespace] : []),
      ]),
    ].sort(),
    methods: sortBy(app.methods, (m) => m.name),
    components: used,
    invokes: sortBy(invokes, (i) => `${i.callee}/${i.method}`),
    publishes: sortBy(app.publishes, (p) => `${p.pubsub}/${p.topic}`),
    subscribes: sortBy(app.subscribes, (s) => `${s.pubsub}/${s.topic}`),
    actors: app.actors,
    mountServiceAccountToken: secretStores.some((access) => access.kubernetes),
    secretStores,
    sidecar: {
      logLevel: app.sidecar.logLevel ?? environment.dapr.logLevel,
      apiLogging: environment.dapr.apiLogging,
      resources: sidecarResources,
      gracefulShutdownSeconds: environment.dapr.gracefulShutdownSeconds,
      goMemLimit: goMemLimit(sidecarResources.memory.limit),
      appHealthCheckPath: app.health.kind === "http" ? app.health.path : undefined,
    },
    daprConfiguration: `${app.id}-config`,
    terminationGracePeriodSeconds: environment.dapr.gracefulShutdownSeconds + GRACE_BEYOND_SIDECAR_SECONDS,
    accessControl: resolveAccessControl(app.id, invocations, environment),
    resiliency: resolveResiliency(app, used, environment, inputs),
    subscriptions: resolveSubscriptions(app),
    instrumentation: `${app.namespace}/${INSTRUMENTATION_NAME}`,
  };
}

/** One Component per namespace that has users, scoped to exactly those users. */
function resolveComponents(
  apps: readonly AppModel[],
  components: ReadonlyMap<string, Component>,
  environment: Environment,
  redis: RedisModel | undefined,
): ComponentModel[] {
  const models: ComponentModel[] = [];
  const plain = (value: string | number | boolean | EnvironmentSetting) =>
    typeof value === "object"
      ? required(Object.hasOwn(environment.settings, value.setting) ? environment.settings[value.setting] : undefined)
      : String(value);
  for (const component of components.values()) {
    const users = apps.filter((app) => app.components.includes(component.name));
    const backend = backendOf(component, environment.name);
    const onRedis = backend.inCluster === "redis" ? required(redis) : undefined;
    const metadata: Record<string, string> = Object.fromEntries(
      Object.entries(backend.metadata).map(([name, value]) => [name, plain(value)]),
    );
    const secrets = { ...backend.secrets };
    if (onRedis) {
      metadata.redisHost = onRedis.address;
      secrets.redisPassword = onRedis.passwordSecret;
    }
    const hasSecrets = Object.keys(secrets).length > 0;
    for (const namespace of [...new Set(users.map((app) => app.namespace))].sort()) {
      models.push({
        name: component.name,
        namespace,
        description: component.description,
        kind: component.kind,
        type: backend.type,
        version: backend.version,
        metadata: [
          ...sortBy(Object.entries(metadata), ([name]) => name).map(([name, value]) => ({ name, value })),
          ...sortBy(Object.entries(secrets), ([name]) => name).map(([name, secretKeyRef]) => ({
            name,
            secretKeyRef: { ...secretKeyRef },
          })),
          ...(component.actorStateStore ? [{ name: "actorStateStore", value: "true" }] : []),
          ...(component.direction ? [{ name: "direction", value: component.direction }] : []),
        ],
        scopes: users
          .filter((app) => app.namespace === namespace)
          .map((app) => app.id)
          .sort(),
        secretStore: hasSecrets ? KUBERNETES_SECRET_STORE : undefined,
        direction: component.direction,
        actorStateStore: component.actorStateStore,
      });
    }
  }
  return sortBy(models, (c) => `${c.namespace}/${c.name}`);
}

function resolveNamespaces(
  apps: readonly AppModel[],
  charts: readonly ChartName[],
  redis: RedisModel | undefined,
  declared: readonly App[],
): NamespaceModel[] {
  const purposes = new Map<string, string>();
  for (const app of apps) purposes.set(app.namespace, "apps");
  purposes.set(MONITORING_NAMESPACE, "collectors and trace backend");
  for (const chart of charts)
    if (!purposes.has(CHARTS[chart].namespace)) purposes.set(CHARTS[chart].namespace, `${CHARTS[chart].chart} chart`);
  if (redis && !purposes.has(redis.namespace)) purposes.set(redis.namespace, "in-cluster backends");
  // Go auto-instrumentation is a privileged eBPF sidecar, which baseline and restricted both refuse.
  const goNamespaces = new Set(declared.filter((app) => app.language === "go").map((app) => app.namespace));
  return sortBy([...purposes.entries()], ([name]) => name).map(([name, purpose]) => ({
    name,
    purpose,
    // Every namespace Trellis creates denies ingress; apps and platformIngress allow what is needed.
    defaultDenyIngress: true,
    // Webhook-injected containers (Dapr sidecar, instrumentation) and upstream charts are not Trellis's to
    // harden, so "restricted" is reported as warnings while "baseline" is enforced.
    podSecurity: { enforce: goNamespaces.has(name) ? "privileged" : "baseline", warn: "restricted" },
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
