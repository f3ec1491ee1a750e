// Observability layer: the gateway every app and sidecar sends to, the tail-sampling tier where declared,
// and the trace backend (Jaeger v2 in memory, or the Tempo chart). All addresses come from the tracing model.
import type { Chart } from "cdk8s";
import type { LayerRenderer } from "../../lib/render/layer-renderer.ts";
import type { TracingModel } from "../../lib/model/types.ts";
import { IMAGES } from "../../versions.ts";
import { renderChartsOf } from "../chart-applications.ts";
import { otlpExporter, tracesPipeline, withSignalPipelines, type CollectorConfig } from "./collector-config.ts";
import { renderCollector } from "./collector-objects.ts";

const COLLECTOR_IMAGE = `${IMAGES.collector.repository}:${IMAGES.collector.tag}`;
/** Traces the sampler holds while it waits for their spans. */
const TAIL_SAMPLING_TRACES = 50_000;
/** Decisions it remembers for late spans: ten times the traces it holds. */
const DECISION_CACHE_SIZE = 10 * TAIL_SAMPLING_TRACES;

export const observabilityLayer: LayerRenderer = {
  layer: "observability",
  render(chart, environment) {
    const { tracing } = environment;
    renderCollector(chart, {
      endpoint: tracing.gateway,
      description: tracing.sampler
        ? "Receives every span and routes each trace, whole, to one sampler"
        : "Receives every span and forwards it to the trace backend",
      image: COLLECTOR_IMAGE,
      replicas: tracing.gatewayReplicas,
      memory: { request: "256Mi", limit: "512Mi" },
      config: withSignalPipelines(gatewayConfig(tracing), tracing.otherSignals),
    });
    if (tracing.sampler) {
      const { sampler } = tracing;
      renderCollector(chart, {
        endpoint: sampler.collector,
        description: `Keeps all traces with errors, all slower than ${sampler.keepSlowerThanMs} ms, and ${sampler.keepPercent}% of the rest`,
        image: COLLECTOR_IMAGE,
        replicas: sampler.replicas,
        memory: { request: "512Mi", limit: "1Gi" },
        config: tracesPipeline({
          processors: {
            tail_sampling: {
              decision_wait: "10s",
              num_traces: TAIL_SAMPLING_TRACES,
              // Traces here outlive decision_wait (queue consumers, Dapr retries, dead letters): a span arriving after
              // the decision must meet it, not start a trace of its own. 0, the default, is a no-op cache
              // (processor v0.158.0 config.go); the processor advises ten times num_traces. About 100 MB of trace IDs.
              decision_cache: { sampled_cache_size: DECISION_CACHE_SIZE, non_sampled_cache_size: DECISION_CACHE_SIZE },
              policies: [
                { name: "errors", type: "status_code", status_code: { status_codes: ["ERROR"] } },
                { name: "slow", type: "latency", latency: { threshold_ms: sampler.keepSlowerThanMs } },
                {
                  name: "share-of-the-rest",
                  type: "probabilistic",
                  probabilistic: { sampling_percentage: sampler.keepPercent },
                },
              ],
            },
          },
          exporters: backendExporter(tracing),
        }),
      });
    }
    renderJaeger(chart, tracing);
    renderChartsOf("observability", chart, environment);
  },
};

// Component names are the collector's current ones: 0.158.0 logs `otlp` and `loadbalancing` as deprecated aliases.
function gatewayConfig(tracing: TracingModel): CollectorConfig {
  if (!tracing.sampler) return tracesPipeline({ exporters: backendExporter(tracing) });
  const { collector } = tracing.sampler;
  return tracesPipeline({
    exporters: {
      // Every span of a trace goes to the same sampler pod: tail sampling needs whole traces.
      load_balancing: {
        routing_key: "traceID",
        // Per-sampler queue and retry off: a failed batch returns at once to the queue and retry below, which
        // route it again with the current sampler list. The per-endpoint defaults would hold it for a pod that
        // is gone, and drop it when the resolver removes that pod's address.
        protocol: {
          otlp: {
            tls: { insecure: true },
            timeout: "5s",
            retry_on_failure: { enabled: false },
            sending_queue: { enabled: false },
          },
        },
        // The resolver's port is a string in the exporter's config, and the collector does not convert numbers.
        resolver: { dns: { hostname: collector.headlessHost, port: String(collector.otlpGrpcPort) } },
        // Off by default upstream: without them, batches for a sampler that restarts or rescales are dropped.
        retry_on_failure: { enabled: true, initial_interval: "1s", max_interval: "10s", max_elapsed_time: "5m" },
        sending_queue: { enabled: true, num_consumers: 4, queue_size: 5000 },
      },
    },
  });
}

function backendExporter(tracing: TracingModel): Record<string, unknown> {
  const { backend } = tracing;
  return backend.kind === "tempo"
    ? { "otlp_grpc/tempo": otlpExporter(backend.host, backend.otlpGrpcPort) }
    : { "otlp_grpc/jaeger": otlpExporter(backend.collector.host, backend.collector.otlpGrpcPort) };
}

/** Jaeger v2 is a collector distribution: the operator runs it like any collector, with its storage and UI as extensions. */
function renderJaeger(chart: Chart, tracing: TracingModel): void {
  const { backend } = tracing;
  if (backend.kind !== "jaeger-memory") return;
  renderCollector(chart, {
    endpoint: backend.collector,
    description: `Jaeger v2 with in-memory storage (at most ${backend.maxTraces} traces, lost on restart); UI on port ${backend.uiPort}`,
    image: IMAGES.jaeger,
    // Memory storage lives in one pod; a second replica would hold a different half of the traces.
    replicas: 1,
    memory: { request: "256Mi", limit: "1Gi" },
    extraPorts: [{ name: "jaeger-ui", port: backend.uiPort }],
    config: tracesPipeline({
      exporters: { jaeger_storage_exporter: { trace_storage: "memstore" } },
      extensions: {
        jaeger_storage: { backends: { memstore: { memory: { max_traces: backend.maxTraces } } } },
        // Its query HTTP server listens on 16686 by default (jaeger ports/ports.go). The extension traces its own
        // requests by default (jaegerquery factory: EnableTracing = true), which would fill dev's Jaeger with them.
        jaeger_query: { storage: { traces: "memstore" }, enable_tracing: false },
      },
    }),
  });
}
