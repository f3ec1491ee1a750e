// Whether every connection the platform needs is let through by the NetworkPolicies of the inventory: the API
// server to every webhook, Dapr sidecars to the control plane and the control plane to itself, senders of spans
// to their OTLP endpoints, sidecars to the in-cluster Redis. A model: no CNI runs here. The connections come
// from the inventory (webhook configurations, CRD conversion webhooks, OTLP endpoints, component addresses) and
// from what the pinned Dapr release dials; the policies are evaluated as the NetworkPolicy API defines them.
import { NAMESPACE_NAME_LABEL } from "../../lib/manifests/scope.ts";
import type { Inventory, InventoryObject } from "../../lib/inventory/inventory.ts";
import { otlpEndpoints } from "../../lib/inventory/otlp-endpoints.ts";
import { knownServices } from "../../lib/inventory/services.ts";
import { collectorPodLabels } from "../../lib/model/platform-ingress.ts";
import { isTruthy } from "../dapr-facts.ts";
import { gateFinding, type GateFinding } from "../../lib/gates/gate.ts";
import type { Gate } from "../../lib/gates/gate.ts";

const GATE = "network";

/** Dapr 1.18.3's injector points every sidecar at these Services of the control-plane namespace (pkg/injector/patcher/services.go). */
const DAPR_SIDECAR_TARGETS = [
  { service: "dapr-api", port: 443 },
  { service: "dapr-sentry", port: 443 },
  { service: "dapr-placement-server", port: 50005 },
  { service: "dapr-scheduler-server-a", port: 443 },
] as const;

interface Pod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The Dapr app id when the injector gives the pod a sidecar (kit IsTruthy on dapr.io/enabled), else undefined. */
  readonly daprAppId: string | undefined;
  readonly ports: ReadonlyMap<string, number>;
  readonly item: InventoryObject;
  readonly name: string;
}

interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly port: number; readonly targetPort: number | string }[];
}

interface Policy {
  readonly namespace: string;
  readonly name: string;
  readonly spec: Record<string, any>;
}

/** Who connects: pods (a namespace and, where known, their labels), or the API server from outside the pod network. */
type Source =
  | { readonly apiServer: true }
  | { readonly namespace: string; readonly labels: Readonly<Record<string, string>> | undefined };

interface Flow {
  readonly what: string;
  readonly source: Source;
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
  /** The object the need comes from, where a finding is reported. */
  readonly item: InventoryObject;
}

/** Every connection the gate checks, described; for reports and tests. */
export function networkFlows(inventory: Inventory): string[] {
  return flowsOf(inventory, podsOf(inventory)).map(
    (flow) => `${flow.what} (${flow.namespace}/${flow.service}:${flow.port})`,
  );
}

export function checkNetworkReachability(inventory: Inventory): GateFinding[] {
  const pods = podsOf(inventory);
  const services = servicesOf(inventory);
  const policies = policiesOf(inventory);
  const findings: GateFinding[] = [];
  for (const flow of flowsOf(inventory, pods)) {
    const service = services.find(
      (candidate) => candidate.namespace === flow.namespace && candidate.name === flow.service,
    );
    if (!service) {
      findings.push(
        gateFinding(
          GATE,
          inventory.environment,
          flow.item,
          `${flow.what}: no Service ${flow.namespace}/${flow.service} in the inventory`,
        ),
      );
      continue;
    }
    const servicePort = service.ports.find((candidate) => candidate.port === flow.port);
    const targets = pods.filter(
      (pod) =>
        pod.namespace === service.namespace &&
        Object.keys(service.selector).length > 0 &&
        matchesLabels(service.selector, pod.labels),
    );
    if (!servicePort || targets.length === 0) {
      findings.push(
        gateFinding(
          GATE,
          inventory.environment,
          flow.item,
          `${flow.what}: Service ${flow.namespace}/${flow.service} ${servicePort ? "selects no pod" : `has no port ${flow.port}`}`,
        ),
      );
      continue;
    }
    for (const pod of targets) {
      const port =
        typeof servicePort.targetPort === "number" ? servicePort.targetPort : pod.ports.get(servicePort.targetPort);
      if (port === undefined) {
        findings.push(
          gateFinding(
            GATE,
            inventory.environment,
            flow.item,
            `${flow.what}: pod ${pod.namespace}/${pod.name} has no container port named ${servicePort.targetPort}`,
          ),
        );
        continue;
      }
      const blocked = blockedBy(policies, flow.source, pod, port);
      if (blocked.length > 0) {
        findings.push(
          gateFinding(
            GATE,
            inventory.environment,
            flow.item,
            `${flow.what}: blocked on the way to ${pod.namespace}/${pod.name} port ${port}; isolated by ${blocked.join(", ")} and no rule of theirs admits it`,
          ),
        );
      }
    }
  }
  return findings;
}

/**
 * Who the inventory's NetworkPolicies let reach a port of the pods with these labels: ["anyone"] when no policy
 * isolates them, else the peers of each rule that admits the port, as written (["anyone"] for a rule without
 * `from`). Empty when nothing may reach it.
 */
export function admittedPeers(
  inventory: Inventory,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  port: number,
): string[] {
  const pod = podsOf(inventory).find(
    (candidate) => candidate.namespace === namespace && matchesLabels(labels, candidate.labels),
  );
  if (!pod) throw new Error(`no pod with ${JSON.stringify(labels)} in ${namespace}`);
  const isolating = policiesOf(inventory).filter(
    (policy) =>
      policy.namespace === pod.namespace &&
      isIngressPolicy(policy.spec) &&
      matchesSelector(policy.spec.podSelector ?? {}, pod.labels),
  );
  if (isolating.length === 0) return ["anyone"];
  return isolating.flatMap((policy) =>
    ((policy.spec.ingress ?? []) as Record<string, any>[])
      .filter((rule) => admitsPort(rule.ports, pod, port))
      .flatMap((rule) =>
        !rule.from || rule.from.length === 0
          ? ["anyone"]
          : (rule.from as unknown[]).map((peer) => `${policy.name}: ${JSON.stringify(peer)}`),
      ),
  );
}

/** The policies that isolate the pod and, together, do not admit the connection; empty when it gets through. */
function blockedBy(policies: readonly Policy[], source: Source, pod: Pod, port: number): string[] {
  const isolating = policies.filter(
    (policy) =>
      policy.namespace === pod.namespace &&
      isIngressPolicy(policy.spec) &&
      matchesSelector(policy.spec.podSelector ?? {}, pod.labels),
  );
  if (isolating.length === 0) return [];
  const admits = (policy: Policy) =>
    ((policy.spec.ingress ?? []) as Record<string, any>[]).some(
      (rule) => admitsPort(rule.ports, pod, port) && admitsSource(rule.from, source, policy.namespace),
    );
  return isolating.some(admits) ? [] : isolating.map((policy) => `NetworkPolicy ${policy.namespace}/${policy.name}`);
}

function isIngressPolicy(spec: Record<string, any>): boolean {
  const types = spec.policyTypes as string[] | undefined;
  return types ? types.includes("Ingress") : true;
}

function admitsPort(ports: Record<string, any>[] | undefined, pod: Pod, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((entry) => {
    if ((entry.protocol ?? "TCP") !== "TCP") return false;
    if (entry.port === undefined) return true;
    const wanted = typeof entry.port === "number" ? entry.port : pod.ports.get(String(entry.port));
    if (wanted === undefined) return false;
    return entry.endPort !== undefined ? port >= wanted && port <= entry.endPort : port === wanted;
  });
}

function admitsSource(from: Record<string, any>[] | undefined, source: Source, policyNamespace: string): boolean {
  if (!from || from.length === 0) return true;
  if ("apiServer" in source) return false;
  return from.some((peer) => {
    if (peer.ipBlock) return false;
    const namespaceMatches = peer.namespaceSelector
      ? matchesSelector(peer.namespaceSelector, { [NAMESPACE_NAME_LABEL]: source.namespace })
      : source.namespace === policyNamespace;
    if (!namespaceMatches) return false;
    if (!peer.podSelector) return true;
    // Sources known by namespace only (every pod of it) match a pod selector only when it selects every pod.
    return source.labels ? matchesSelector(peer.podSelector, source.labels) : isEmptySelector(peer.podSelector);
  });
}

function isEmptySelector(selector: Record<string, any>): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

export function matchesSelector(selector: Record<string, any>, labels: Readonly<Record<string, string>>): boolean {
  if (!matchesLabels(selector.matchLabels ?? {}, labels)) return false;
  return ((selector.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]).every(
    (expression) => {
      const value = labels[expression.key];
      switch (expression.operator) {
        case "In":
          return value !== undefined && (expression.values ?? []).includes(value);
        case "NotIn":
          return value === undefined || !(expression.values ?? []).includes(value);
        case "Exists":
          return value !== undefined;
        case "DoesNotExist":
          return value === undefined;
        default:
          return false;
      }
    },
  );
}

function matchesLabels(wanted: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** Workloads' pod templates, and each collector's pods as the OpenTelemetry Operator 0.158.0 creates them. */
function podsOf(inventory: Inventory): Pod[] {
  const pods: Pod[] = [];
  for (const item of inventory.objects) {
    const kind = String(item.object.kind);
    const template = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].includes(kind)
      ? item.object.spec?.template
      : kind === "Job"
        ? item.object.spec?.template
        : undefined;
    if (template) {
      const ports = new Map<string, number>();
      for (const container of (template.spec?.containers ?? []) as {
        ports?: { name?: string; containerPort: number }[];
      }[]) {
        for (const port of container.ports ?? []) if (port.name) ports.set(port.name, port.containerPort);
      }
      const annotations: Record<string, string> = template.metadata?.annotations ?? {};
      const name = String(item.object.metadata?.name);
      pods.push({
        namespace: item.namespace,
        labels: template.metadata?.labels ?? {},
        daprAppId: isTruthy(annotations["dapr.io/enabled"]) ? (annotations["dapr.io/app-id"] ?? name) : undefined,
        ports,
        item,
        name,
      });
    }
    if (kind === "OpenTelemetryCollector") {
      const name = String(item.object.metadata?.name);
      pods.push({
        namespace: item.namespace,
        labels: { ...collectorPodLabels(item.namespace, name), "app.kubernetes.io/name": `${name}-collector` },
        daprAppId: undefined,
        ports: new Map(),
        item,
        name: `${name}-collector`,
      });
    }
  }
  return pods;
}

/** Services, the operator's `<name>-collector` Services (its pods, the receivers' ports), and the Tempo chart's. */
function servicesOf(inventory: Inventory): Service[] {
  const services: Service[] = [];
  for (const item of inventory.objects) {
    if (item.object.kind === "Service" && item.object.apiVersion === "v1") {
      services.push({
        namespace: item.namespace,
        name: String(item.object.metadata?.name),
        selector: item.object.spec?.selector ?? {},
        ports: ((item.object.spec?.ports ?? []) as { port: number; targetPort?: number | string }[]).map((port) => ({
          port: port.port,
          targetPort: port.targetPort ?? port.port,
        })),
      });
    }
    if (item.object.kind === "OpenTelemetryCollector") {
      const name = String(item.object.metadata?.name);
      for (const service of knownServices([item.object]).filter(
        (known) => known.source === `OpenTelemetryCollector ${name}`,
      )) {
        services.push({
          namespace: item.namespace,
          name: service.name,
          selector: collectorPodLabels(item.namespace, name),
          ports: service.ports.map((port) => ({ port: port.port, targetPort: port.port })),
        });
      }
    }
  }
  return services;
}

/** NetworkPolicies, and the one the operator creates for each collector with spec.networkPolicy.enabled (all its ports, from anywhere). */
function policiesOf(inventory: Inventory): Policy[] {
  const policies: Policy[] = [];
  for (const item of inventory.objects) {
    if (item.object.kind === "NetworkPolicy")
      policies.push({
        namespace: item.namespace,
        name: String(item.object.metadata?.name),
        spec: item.object.spec ?? {},
      });
    if (item.object.kind === "OpenTelemetryCollector" && item.object.spec?.networkPolicy?.enabled === true) {
      const name = String(item.object.metadata?.name);
      policies.push({
        namespace: item.namespace,
        name: `${name}-collector (the operator's)`,
        spec: {
          podSelector: { matchLabels: collectorPodLabels(item.namespace, name) },
          policyTypes: ["Ingress"],
          ingress: [{}],
        },
      });
    }
  }
  return policies;
}

function flowsOf(inventory: Inventory, pods: readonly Pod[]): Flow[] {
  const flows: Flow[] = [];
  const daprNamespace = inventory.objects.find(
    (item) => item.object.kind === "Service" && item.object.metadata?.name === "dapr-api",
  )?.namespace;
  for (const item of inventory.objects) {
    const kind = String(item.object.kind);
    // The API server calls every admission webhook and CRD conversion webhook.
    if (kind === "MutatingWebhookConfiguration" || kind === "ValidatingWebhookConfiguration") {
      for (const webhook of (item.object.webhooks ?? []) as {
        name: string;
        clientConfig?: { service?: { namespace: string; name: string; port?: number } };
      }[]) {
        const service = webhook.clientConfig?.service;
        if (service)
          flows.push({
            what: `the API server calls webhook ${webhook.name}`,
            source: { apiServer: true },
            namespace: service.namespace,
            service: service.name,
            port: service.port ?? 443,
            item,
          });
      }
    }
    const conversion =
      kind === "CustomResourceDefinition" ? item.object.spec?.conversion?.webhook?.clientConfig?.service : undefined;
    if (conversion) {
      // Dapr's chart leaves the namespace "replaceme"; its operator writes its own namespace there at run time.
      const namespace = conversion.namespace === "replaceme" && daprNamespace ? daprNamespace : conversion.namespace;
      flows.push({
        what: `the API server converts ${item.object.metadata?.name}`,
        source: { apiServer: true },
        namespace,
        service: conversion.name,
        port: conversion.port ?? 443,
        item,
      });
    }
  }
  // Every pod with a Dapr sidecar dials the control plane. Without a control plane in the inventory there is nothing
  // to dial: the flows still count, and each is reported as reaching no Service, not skipped.
  for (const pod of pods.filter((candidate) => candidate.daprAppId !== undefined)) {
    for (const target of DAPR_SIDECAR_TARGETS) {
      flows.push({
        what: `the sidecar of ${pod.namespace}/${pod.name} dials ${target.service}`,
        source: { namespace: pod.namespace, labels: pod.labels },
        namespace: daprNamespace ?? "(no Dapr control plane)",
        service: target.service,
        port: target.port,
        item: pod.item,
      });
    }
  }
  if (daprNamespace) {
    // The control plane gets its certificates from Sentry.
    const controlPlane = pods.filter(
      (pod) => pod.namespace === daprNamespace && String(pod.labels.app ?? "").startsWith("dapr-"),
    );
    for (const pod of controlPlane) {
      flows.push({
        what: `${pod.name} gets its certificate from Sentry`,
        source: { namespace: pod.namespace, labels: pod.labels },
        namespace: daprNamespace,
        service: "dapr-sentry",
        port: 443,
        item: pod.item,
      });
    }
    for (const [app, service, ports] of [
      ["dapr-placement-server", "dapr-placement-server", [8201]],
      ["dapr-scheduler-server", "dapr-scheduler-server", [2379, 2380]],
    ] as const) {
      for (const pod of controlPlane.filter((candidate) => candidate.labels.app === app)) {
        for (const port of ports)
          flows.push({
            what: `${pod.name} replicas reach each other on ${port}`,
            source: { namespace: pod.namespace, labels: pod.labels },
            namespace: daprNamespace,
            service,
            port,
            item: pod.item,
          });
      }
    }
  }
  // Spans: each sender's pods to the Service its endpoint names.
  const podsIn = (namespace: string) => pods.filter((pod) => pod.namespace === namespace);
  const services = servicesOf(inventory);
  for (const endpoint of otlpEndpoints(inventory.objects.map((item) => item.object))) {
    const item = inventory.objects.find(
      (candidate) =>
        `${candidate.object.kind} ${candidate.object.metadata?.namespace ?? ""}/${candidate.object.metadata?.name ?? ""}` ===
        endpoint.sender,
    );
    // An address outside the cluster is none of this gate's business; every in-cluster form is.
    const target = item ? serviceOfHost(endpoint.host, item.namespace, services) : undefined;
    if (!item || !target) continue;
    const senders: Source[] =
      item.object.kind === "OpenTelemetryCollector"
        ? [
            {
              namespace: item.namespace,
              labels: collectorPodLabels(item.namespace, String(item.object.metadata?.name)),
            },
          ]
        : podsIn(item.namespace).map((pod) => ({ namespace: pod.namespace, labels: pod.labels }));
    for (const source of senders)
      flows.push({
        what: `${endpoint.sender} sends spans to ${endpoint.host}:${endpoint.port}`,
        source,
        namespace: target.namespace,
        service: target.service,
        port: endpoint.port,
        item,
      });
  }
  // Components that name an in-cluster address: the sidecars that load them. A Component without scopes is
  // loaded by every Dapr app of its namespace, so every such sidecar dials it.
  for (const item of inventory.objects.filter(
    (candidate) => candidate.object.kind === "Component" && String(candidate.object.apiVersion).startsWith("dapr.io/"),
  )) {
    const scopes = (item.object.scopes ?? []) as string[];
    const loaders = podsIn(item.namespace).filter(
      (candidate) => candidate.daprAppId !== undefined && (scopes.length === 0 || scopes.includes(candidate.daprAppId)),
    );
    for (const entry of (item.object.spec?.metadata ?? []) as { name: string; value?: unknown }[]) {
      const address = typeof entry.value === "string" ? /^([a-z0-9.-]+):(\d+)$/.exec(entry.value) : null;
      const target = address ? serviceOfHost(address[1] ?? "", item.namespace, services) : undefined;
      if (!address || !target) continue;
      for (const pod of loaders) {
        flows.push({
          what: `the sidecar of ${pod.namespace}/${pod.name} reaches ${entry.value} (Component ${item.object.metadata?.name})`,
          source: { namespace: pod.namespace, labels: pod.labels },
          namespace: target.namespace,
          service: target.service,
          port: Number(address[2]),
          item,
        });
      }
    }
  }
  return flows;
}

/**
 * The cluster Service a host names, as cluster DNS resolves it from a pod of `from`: "<svc>.<ns>.svc[.cluster.local]",
 * or "<svc>.<ns>" and "<svc>" (search domains) when the inventory has that Service; anything else is outside.
 */
function serviceOfHost(
  host: string,
  from: string,
  services: readonly Service[],
): { namespace: string; service: string } | undefined {
  const full = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?$/.exec(host);
  if (full) return { service: full[1] ?? "", namespace: full[2] ?? "" };
  const [service = "", namespace = from, ...rest] = host.split(".");
  if (rest.length > 0) return undefined;
  return services.some((candidate) => candidate.name === service && candidate.namespace === namespace)
    ? { service, namespace }
    : undefined;
}

export const networkGate: Gate = { name: "network", run: async ({ inventory }) => checkNetworkReachability(inventory) };
