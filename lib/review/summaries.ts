// What a change means, read from the objects it changes: who may call what, which apps see which
// components and topics, how delivery moves (waves, sync options, prune, revisions, images, charts), and how
// traces are sampled and where they go. Each line is one fact gained, lost or moved.
import type { EnvironmentDiff, ObjectChange } from "./environment-diff.ts";

export interface Summaries {
  /** "+ order-api → payment-api: POST /charge", "- ...", "~ payment-api: default action allow → deny". */
  readonly access: readonly string[];
  /** "+ fulfillment-api uses shipments", "- order-api uses statestore". */
  readonly scopes: readonly string[];
  /** "+ fulfillment-api subscribes to orderpubsub/orders.created". */
  readonly topics: readonly string[];
  /** Waves, sync options, prune, revisions and chart versions of Applications; images of workloads. */
  readonly delivery: readonly string[];
  /** Sampling rates and where spans are sent. */
  readonly tracing: readonly string[];
}

export function summarize(diff: EnvironmentDiff): Summaries {
  const lines = {
    access: [] as string[],
    scopes: [] as string[],
    topics: [] as string[],
    delivery: [] as string[],
    tracing: [] as string[],
  };
  for (const change of diff.changes) {
    if (change.group === "dapr.io" && change.kind === "Configuration") {
      lines.access.push(...accessChanges(change));
      lines.tracing.push(...tracingOfConfiguration(change));
    } else if (change.group === "dapr.io" && change.kind === "Component") {
      lines.scopes.push(
        ...setChanges(
          scopesOf(change.before),
          scopesOf(change.after),
          (app, sign) => `${sign} ${app} uses ${change.name}${namespaceNote(change)}`,
        ),
      );
    } else if (change.group === "dapr.io" && change.kind === "Subscription") {
      const topic = (object: Record<string, any> | undefined) =>
        object ? `${object.spec?.pubsubname}/${object.spec?.topic}` : undefined;
      const subscriptions = (object: Record<string, any> | undefined) =>
        scopesOf(object).map((app) => `${app} subscribes to ${topic(object)}`);
      lines.topics.push(
        ...setChanges(subscriptions(change.before), subscriptions(change.after), (line, sign) => `${sign} ${line}`),
      );
    } else if (change.group === "argoproj.io" && change.kind === "Application") {
      lines.delivery.push(...applicationChanges(change));
    } else if (change.group === "opentelemetry.io" && change.kind === "Instrumentation") {
      lines.tracing.push(
        ...moved(change, "spec.sampler.argument", `Instrumentation ${change.namespace}/${change.name} sampling`),
      );
      lines.tracing.push(
        ...moved(change, "spec.exporter.endpoint", `Instrumentation ${change.namespace}/${change.name} sends spans to`),
      );
    } else if (change.group === "opentelemetry.io" && change.kind === "OpenTelemetryCollector") {
      lines.tracing.push(...collectorChanges(change));
    }
    lines.delivery.push(...imageChanges(change));
  }
  return {
    access: lines.access,
    scopes: lines.scopes.sort(),
    topics: lines.topics.sort(),
    delivery: lines.delivery,
    tracing: lines.tracing,
  };
}

function namespaceNote(change: ObjectChange): string {
  return change.namespace ? ` (${change.namespace})` : "";
}

function scopesOf(object: Record<string, any> | undefined): string[] {
  return object ? ((object.scopes ?? []) as unknown[]).map(String) : [];
}

function setChanges(
  before: readonly string[],
  after: readonly string[],
  line: (item: string, sign: "+" | "-") => string,
): string[] {
  const old = new Set(before);
  const now = new Set(after);
  return [
    ...[...now].filter((item) => !old.has(item)).map((item) => line(item, "+")),
    ...[...old].filter((item) => !now.has(item)).map((item) => line(item, "-")),
  ];
}

/** The app whose sidecar loads a Configuration: Trellis names it `<app id>-config`. */
function calleeOf(configuration: string): string {
  return configuration.replace(/-config$/, "");
}

/** Each allowed call a Configuration grants: "caller → callee: VERB /operation". */
function grants(object: Record<string, any> | undefined, callee: string): string[] {
  const policies = (object?.spec?.accessControl?.policies ?? []) as {
    appId?: string;
    namespace?: string;
    operations?: { name?: string; httpVerb?: string[]; action?: string }[];
  }[];
  return policies.flatMap((policy) =>
    (policy.operations ?? [])
      .filter((operation) => operation.action !== "deny")
      .flatMap((operation) =>
        (operation.httpVerb ?? ["*"]).map((verb) => `${policy.appId} → ${callee}: ${verb} ${operation.name}`),
      ),
  );
}

function accessChanges(change: ObjectChange): string[] {
  const callee = calleeOf(change.name);
  const lines = setChanges(
    grants(change.before, callee),
    grants(change.after, callee),
    (grant, sign) => `${sign} ${grant}`,
  );
  const action = (object: Record<string, any> | undefined) =>
    object?.spec?.accessControl?.defaultAction as string | undefined;
  if (action(change.before) !== action(change.after)) {
    lines.push(
      `~ ${callee}: callers without a policy are ${describeAction(action(change.before))} → ${describeAction(action(change.after))}`,
    );
  }
  return lines;
}

function describeAction(action: string | undefined): string {
  return action === undefined ? "(no access control)" : action === "allow" ? "allowed" : "denied";
}

function tracingOfConfiguration(change: ObjectChange): string[] {
  const app = calleeOf(change.name);
  return [
    ...moved(change, "spec.tracing.samplingRate", `${app} sidecar sampling rate`),
    ...moved(change, "spec.tracing.otel.endpointAddress", `${app} sidecar sends spans to`),
  ];
}

function collectorChanges(change: ObjectChange): string[] {
  const exporters = (object: Record<string, any> | undefined) => {
    const config = object?.spec?.config ?? {};
    return Object.entries((config.exporters ?? {}) as Record<string, Record<string, any>>).map(
      ([name, exporter]) => `${name} → ${exporterTarget(exporter)}`,
    );
  };
  const lines = setChanges(
    exporters(change.before),
    exporters(change.after),
    (exporter, sign) => `${sign} collector ${change.namespace}/${change.name} exports via ${exporter}`,
  );
  const policies = (object: Record<string, any> | undefined) =>
    ((object?.spec?.config?.processors?.tail_sampling?.policies ?? []) as { name?: string }[]).map((policy) =>
      JSON.stringify(policy),
    );
  lines.push(
    ...setChanges(
      policies(change.before),
      policies(change.after),
      (policy, sign) => `${sign} collector ${change.namespace}/${change.name} tail-sampling policy ${policy}`,
    ),
  );
  if (change.change === "changed") {
    const replicas = moved(change, "spec.replicas", `collector ${change.namespace}/${change.name} replicas`);
    lines.push(...replicas);
  }
  return lines;
}

function exporterTarget(exporter: Record<string, any>): string {
  const resolver = exporter.resolver ?? {};
  if (resolver.dns?.hostname)
    return `${resolver.dns.hostname}:${resolver.dns.port ?? ""} (${exporter.routing_key ?? "traceID"})`;
  if (resolver.static?.hostnames) return (resolver.static.hostnames as string[]).join(", ");
  return String(exporter.endpoint ?? "(no endpoint)");
}

function applicationChanges(change: ObjectChange): string[] {
  const name = `Application ${change.name}`;
  if (change.change !== "changed") {
    const object = (change.after ?? change.before) as Record<string, any>;
    const what = object.spec?.source?.chart
      ? `chart ${object.spec.source.chart} ${object.spec.source.targetRevision}`
      : `path ${object.spec?.source?.path ?? "(none)"}`;
    return [
      `${change.change === "added" ? "+" : "-"} ${name} (${what}, wave ${object.metadata?.annotations?.["argocd.argoproj.io/sync-wave"] ?? "0"})`,
    ];
  }
  const chart = change.after?.spec?.source?.chart as string | undefined;
  return [
    ...moved(change, 'metadata.annotations["argocd.argoproj.io/sync-wave"]', `${name} sync wave`),
    ...moved(change, "spec.source.targetRevision", chart ? `${name} chart ${chart}` : `${name} revision`),
    ...moved(change, "spec.syncPolicy.automated.prune", `${name} prune`),
    ...moved(change, "spec.syncPolicy.automated.selfHeal", `${name} self-heal`),
    ...setChanges(
      syncOptions(change.before),
      syncOptions(change.after),
      (option, sign) => `${sign} ${name} sync option ${option}`,
    ),
    ...(change.fields.some((field) => field.path.startsWith("spec.source.helm"))
      ? [`~ ${name} chart values changed (see its chart output below)`]
      : []),
  ];
}

function syncOptions(object: Record<string, any> | undefined): string[] {
  return ((object?.spec?.syncPolicy?.syncOptions ?? []) as unknown[]).map(String);
}

/** "~ label: old → new" for a field that changed, from the object diff. */
function moved(change: ObjectChange, path: string, label: string): string[] {
  if (change.change !== "changed") return [];
  const field = change.fields.find((candidate) => candidate.path === path);
  return field ? [`~ ${label}: ${field.before ?? "(unset)"} → ${field.after ?? "(unset)"}`] : [];
}

/** Images of a workload's containers, added, removed or moved. */
function imageChanges(change: ObjectChange): string[] {
  const images = (object: Record<string, any> | undefined) => {
    const spec = object?.spec?.template?.spec ?? object?.spec?.jobTemplate?.spec?.template?.spec;
    const containers = [
      ...((spec?.initContainers ?? []) as Record<string, any>[]),
      ...((spec?.containers ?? []) as Record<string, any>[]),
    ];
    return new Map(containers.map((container) => [String(container.name), String(container.image)]));
  };
  const old = images(change.before);
  const now = images(change.after);
  const where = `${change.kind} ${change.namespace ? `${change.namespace}/` : ""}${change.name}`;
  const lines: string[] = [];
  for (const name of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(name);
    const b = now.get(name);
    if (a === b) continue;
    lines.push(
      a && b
        ? `~ ${where} ${name} image: ${a} → ${b}`
        : b
          ? `+ ${where} ${name} image ${b}`
          : `- ${where} ${name} image ${a}`,
    );
  }
  return lines;
}
