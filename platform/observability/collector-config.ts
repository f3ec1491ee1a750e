// Collector pipelines, typed: every pipeline starts with memory_limiter and ends its processors with batch.
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from "../../lib/model/tracing.ts";

export interface Pipeline {
  readonly receivers: string[];
  readonly processors: string[];
  readonly exporters: string[];
}

export interface CollectorConfig {
  readonly receivers: Record<string, unknown>;
  readonly processors: Record<string, unknown>;
  readonly exporters: Record<string, unknown>;
  readonly extensions?: Record<string, unknown>;
  readonly service: {
    readonly extensions?: string[];
    readonly pipelines: { readonly traces: Pipeline; readonly metrics?: Pipeline; readonly logs?: Pipeline };
  };
}

/** OTLP on both registered ports, on every interface of the pod. */
export const OTLP_RECEIVER = {
  otlp: {
    protocols: { grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` }, http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` } },
  },
} as const;

const MEMORY_LIMITER = { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 } as const;
const BATCH = { send_batch_size: 8192, timeout: "200ms" } as const;

/** A traces pipeline from OTLP through memory_limiter, the given processors and batch, to the given exporters. */
export function tracesPipeline(options: {
  readonly processors?: Record<string, unknown>;
  readonly exporters: Record<string, unknown>;
  readonly extensions?: Record<string, unknown>;
}): CollectorConfig {
  const middle = options.processors ?? {};
  return {
    receivers: { ...OTLP_RECEIVER },
    processors: { memory_limiter: MEMORY_LIMITER, ...middle, batch: BATCH },
    exporters: options.exporters,
    ...(options.extensions ? { extensions: options.extensions } : {}),
    service: {
      ...(options.extensions ? { extensions: Object.keys(options.extensions) } : {}),
      pipelines: {
        traces: {
          receivers: ["otlp"],
          processors: ["memory_limiter", ...Object.keys(middle), "batch"],
          exporters: Object.keys(options.exporters),
        },
      },
    },
  };
}

/** An OTLP/gRPC exporter to a cluster-internal endpoint (plain text inside the cluster). */
export function otlpExporter(host: string, port: number) {
  return { endpoint: `${host}:${port}`, tls: { insecure: true } };
}

/**
 * Adds a pipeline for each signal other than traces that has a backend: OTLP in, through memory_limiter and batch,
 * out over OTLP/HTTP to that backend. The OTLP receiver serves a signal only when a pipeline takes it.
 */
export function withSignalPipelines(
  config: CollectorConfig,
  backends: { readonly metrics: string | undefined; readonly logs: string | undefined },
): CollectorConfig {
  const routed = (["metrics", "logs"] as const).filter((signal) => backends[signal] !== undefined);
  if (routed.length === 0) return config;
  return {
    ...config,
    exporters: {
      ...config.exporters,
      ...Object.fromEntries(routed.map((signal) => [`otlp_http/${signal}`, { endpoint: backends[signal] }])),
    },
    service: {
      ...config.service,
      pipelines: {
        ...config.service.pipelines,
        ...Object.fromEntries(
          routed.map((signal) => [
            signal,
            { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: [`otlp_http/${signal}`] },
          ]),
        ),
      },
    },
  };
}
