// Where spans go: one gateway collector per environment, addressed the same way by every sender.
import type { Environment } from "../../environments/schema.ts";
import type { CollectorEndpoint, TracingModel } from "./types.ts";

/** Namespace of the collectors and trace backends. */
export const MONITORING_NAMESPACE = "monitoring";
/** OTLP's registered ports: gRPC and HTTP. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** The endpoint of a collector named `name`: the operator exposes it as the Service `<name>-collector`. */
export function collectorEndpoint(name: string): CollectorEndpoint {
  return {
    name,
    namespace: MONITORING_NAMESPACE,
    host: `${name}-collector.${MONITORING_NAMESPACE}.svc.cluster.local`,
    otlpGrpcPort: OTLP_GRPC_PORT,
    otlpHttpPort: OTLP_HTTP_PORT,
  };
}

export function resolveTracing(environment: Environment): TracingModel {
  return { samplingRate: environment.tracing.samplingRate, gateway: collectorEndpoint("gateway") };
}
