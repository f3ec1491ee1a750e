// What may reach the pods of the platform's own namespaces once each denies ingress by default: the API server
// reaches the webhooks, Dapr sidecars reach the control plane, control-plane pods reach each other, apps reach
// the in-cluster Redis, and the collectors reach the trace backend. Nothing else (metrics ports included: no
// scraper is declared). The pod labels and ports are those of the pinned charts' templates; the network gate
// (runtime/gates/network-reachability.ts) proves them against the charts' real output.
import { CHARTS } from "../../versions.ts";
import type { ChartName } from "./charts.ts";
import { MONITORING_NAMESPACE, OTLP_GRPC_PORT, tempoPodLabels } from "./tracing.ts";
import type { AppModel, ComponentModel, IngressAllowModel, RedisModel, TracingModel } from "./types.ts";

interface Inputs {
  readonly apps: readonly AppModel[];
  readonly components: readonly ComponentModel[];
  readonly charts: readonly ChartName[];
  readonly tracing: TracingModel;
  readonly redis: RedisModel | undefined;
}

const ANYWHERE = { anywhere: true } as const;

/** dapr 1.18.3 chart: the control plane's pod labels (`app`) and ports (the templates of its dapr_* subcharts). */
const DAPR = {
  injector: { app: "dapr-sidecar-injector" },
  operator: { app: "dapr-operator" },
  sentry: { app: "dapr-sentry" },
  placement: { app: "dapr-placement-server" },
  scheduler: { app: "dapr-scheduler-server" },
} as const;

export function platformIngress(inputs: Inputs): IngressAllowModel[] {
  const appNamespaces = [...new Set(inputs.apps.map((app) => app.namespace))].sort();
  const allows: IngressAllowModel[] = [];
  const allow = (chart: ChartName | undefined, value: Omit<IngressAllowModel, "namespace"> & { namespace?: string }) =>
    allows.push({ ...value, namespace: value.namespace ?? (chart ? CHARTS[chart].namespace : MONITORING_NAMESPACE) });
  if (inputs.charts.includes("certManager")) {
    allow("certManager", {
      name: "allow-webhook",
      description: "The API server calls cert-manager's admission webhook (container port https, 10250)",
      pods: {
        "app.kubernetes.io/name": "webhook",
        "app.kubernetes.io/instance": "cert-manager",
        "app.kubernetes.io/component": "webhook",
      },
      ports: ["https"],
      from: ANYWHERE,
    });
  }
  if (inputs.charts.includes("dapr") && appNamespaces.length > 0) {
    const dapr = CHARTS.dapr.namespace;
    allow("dapr", {
      name: "allow-sidecar-injector",
      description: "The API server calls the sidecar injector's webhook",
      pods: DAPR.injector,
      ports: ["https"],
      from: ANYWHERE,
    });
    allow("dapr", {
      name: "allow-operator-webhook",
      description:
        "The API server calls the operator's CRD conversion webhook (the dapr-webhook Service, 443 to 19443)",
      pods: DAPR.operator,
      ports: [19443],
      from: ANYWHERE,
    });
    allow("dapr", {
      name: "allow-operator-api",
      description:
        "Sidecars stream components, configurations and subscriptions from the operator (dapr-api, 443 to 6500)",
      pods: DAPR.operator,
      ports: [6500],
      from: { namespaces: appNamespaces },
    });
    allow("dapr", {
      name: "allow-sentry",
      description:
        "Sidecars and the control plane get their workload certificates from Sentry (dapr-sentry, 443 to 50001)",
      pods: DAPR.sentry,
      ports: [50001],
      from: { namespaces: [...appNamespaces, dapr].sort() },
    });
    allow("dapr", {
      name: "allow-placement",
      description: "Sidecars find actors through the placement service",
      pods: DAPR.placement,
      ports: [50005],
      from: { namespaces: appNamespaces },
    });
    allow("dapr", {
      name: "allow-placement-raft",
      description: "Placement replicas keep their Raft log in step",
      pods: DAPR.placement,
      ports: [8201],
      from: { pods: DAPR.placement },
    });
    allow("dapr", {
      name: "allow-scheduler",
      description: "Sidecars schedule jobs, reminders and workflows (dapr-scheduler-server-a, 443 to 50006)",
      pods: DAPR.scheduler,
      ports: [50006],
      from: { namespaces: appNamespaces },
    });
    allow("dapr", {
      name: "allow-scheduler-etcd",
      description: "Scheduler replicas run an embedded etcd cluster among themselves",
      pods: DAPR.scheduler,
      ports: [2379, 2380],
      from: { pods: DAPR.scheduler },
    });
  }
  if (inputs.charts.includes("externalSecrets")) {
    allow("externalSecrets", {
      name: "allow-webhook",
      description: "The API server calls External Secrets' validating webhook (container port webhook, 10250)",
      pods: { "app.kubernetes.io/name": "external-secrets-webhook", "app.kubernetes.io/instance": "external-secrets" },
      ports: ["webhook"],
      from: ANYWHERE,
    });
  }
  if (inputs.charts.includes("openTelemetryOperator")) {
    allow("openTelemetryOperator", {
      name: "allow-webhook",
      description:
        "The API server calls the operator's admission and conversion webhooks (container port webhook-server, 9443)",
      pods: { "app.kubernetes.io/name": "opentelemetry-operator", "app.kubernetes.io/component": "controller-manager" },
      ports: ["webhook-server"],
      from: ANYWHERE,
    });
  }
  if (inputs.tracing.backend.kind === "tempo") {
    // The collector that exports to Tempo: the tail-sampling tier where there is one, else the gateway.
    const exporter = inputs.tracing.sampler?.collector ?? inputs.tracing.gateway;
    allow("tempo", {
      name: "allow-otlp-from-collectors",
      namespace: inputs.tracing.backend.namespace,
      description: `The ${exporter.name} collector exports spans to Tempo over OTLP/gRPC`,
      pods: tempoPodLabels(inputs.tracing.backend.release),
      ports: [OTLP_GRPC_PORT],
      from: { pods: collectorPodLabels(exporter.namespace, exporter.name) },
    });
  }
  if (inputs.redis) {
    const redis = inputs.redis;
    const users = inputs.components.filter((component) =>
      component.metadata.some((item) => item.name === "redisHost" && "value" in item && item.value === redis.address),
    );
    const namespaces = [...new Set(users.map((component) => component.namespace))].sort();
    if (namespaces.length > 0) {
      allow(undefined, {
        name: "allow-redis",
        namespace: redis.namespace,
        description: `Sidecars of the apps whose components use the in-cluster Redis (${users
          .map((component) => component.name)
          .sort()
          .join(", ")})`,
        pods: { "app.kubernetes.io/name": redis.name },
        ports: ["redis"],
        from: { namespaces },
      });
    }
  }
  return allows;
}

/** The labels the OpenTelemetry Operator 0.158.0 selects a collector's pods by (manifestutils.SelectorLabels). */
export function collectorPodLabels(namespace: string, name: string): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "opentelemetry-operator",
    "app.kubernetes.io/instance": `${namespace}.${name}`,
    "app.kubernetes.io/part-of": "opentelemetry",
    "app.kubernetes.io/component": "opentelemetry-collector",
  };
}
