// Where spans go: one gateway collector per environment, addressed the same way by every sender, then an
// optional tail-sampling tier, then the trace backend. Every endpoint and port in the pipeline comes from here.
import type { App } from "./declarations/app.ts";
import type { Environment } from "./declarations/environment.ts";
import { sortBy } from "../sort.ts";
import type { CollectorEndpoint, InstrumentationModel, TraceBackendModel, TracingModel } from "./types.ts";

/** Namespace of the collectors and trace backends. */
export const MONITORING_NAMESPACE = "monitoring";
/** OTLP's registered ports: gRPC and HTTP. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
/** Jaeger's query UI and API. */
export const JAEGER_UI_PORT = 16686;
/** Name of the Instrumentation rendered in every app namespace. */
export const INSTRUMENTATION_NAME = "tracing";

/** The Tempo chart's pod labels (its tempo.selectorLabels): the chart's name, and the release as instance. */
export function tempoPodLabels(release: string): Record<string, string> {
  return { "app.kubernetes.io/name": "tempo", "app.kubernetes.io/instance": release };
}

/** The endpoint of a collector named `name`: the operator exposes it as the Service `<name>-collector`. */
export function collectorEndpoint(name: string): CollectorEndpoint {
  return {
    name,
    namespace: MONITORING_NAMESPACE,
    host: `${name}-collector.${MONITORING_NAMESPACE}.svc.cluster.local`,
    headlessHost: `${name}-collector-headless.${MONITORING_NAMESPACE}.svc.cluster.local`,
    otlpGrpcPort: OTLP_GRPC_PORT,
    otlpHttpPort: OTLP_HTTP_PORT,
  };
}

export function resolveTracing(environment: Environment, apps: readonly App[]): TracingModel {
  const { tracing } = environment;
  return {
    samplingRate: tracing.samplingRate,
    gateway: collectorEndpoint("gateway"),
    gatewayReplicas: tracing.gatewayReplicas,
    sampler: tracing.tailSampling ? { collector: collectorEndpoint("sampler"), ...tracing.tailSampling } : undefined,
    backend: resolveBackend(tracing.backend),
    instrumentations: resolveInstrumentations(apps),
    goAutoInstrumentation: apps.some((app) => app.language === "go"),
    otherSignals: {
      metrics: tracing.otherSignals.metrics === "none" ? undefined : tracing.otherSignals.metrics.otlpHttpEndpoint,
      logs: tracing.otherSignals.logs === "none" ? undefined : tracing.otherSignals.logs.otlpHttpEndpoint,
    },
  };
}

function resolveBackend(backend: Environment["tracing"]["backend"]): TraceBackendModel {
  if (backend.kind === "jaeger-memory") {
    return {
      kind: "jaeger-memory",
      collector: collectorEndpoint("jaeger"),
      maxTraces: backend.maxTraces,
      uiPort: JAEGER_UI_PORT,
    };
  }
  const release = "tempo";
  return {
    kind: "tempo",
    release,
    namespace: MONITORING_NAMESPACE,
    host: `${release}.${MONITORING_NAMESPACE}.svc.cluster.local`,
    otlpGrpcPort: OTLP_GRPC_PORT,
    retention: backend.retention,
    storageSize: backend.storageSize,
    disruptionBudget: backend.disruptionBudget,
  };
}

function resolveInstrumentations(apps: readonly App[]): InstrumentationModel[] {
  const namespaces = [...new Set(apps.map((app) => app.namespace))].sort();
  return sortBy(
    namespaces.map((namespace) => ({
      name: INSTRUMENTATION_NAME,
      namespace,
      languages: [...new Set(apps.filter((app) => app.namespace === namespace).map((app) => app.language))].sort(),
    })),
    (instrumentation) => instrumentation.namespace,
  );
}
