// Trellis's own spans, exported the way any OpenTelemetry app's are: configured by the OTEL_* environment
// (endpoint, protocol, headers, service name), so a platform team sees its CI's synth and check beside its
// apps' traces. Imported only when tracing is asked for (lib/telemetry/requested.ts).
import { SpanStatusCode, trace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { tracePhasesWith } from "./phases.ts";

export interface Tracing {
  /** Ends tracing and exports what is left; call before the process exits. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Replaces the exporter the environment configures; tests pass an in-memory one. */
  readonly spanProcessors?: SpanProcessor[];
  readonly version?: string;
}

export function startTracing(options: TracingOptions = {}): Tracing {
  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, when set, names the service instead.
    ...(process.env.OTEL_SERVICE_NAME ? {} : { serviceName: "trellis" }),
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
    instrumentations: [],
  });
  sdk.start();
  tracePhasesWith(trace.getTracer("trellis", options.version), SpanStatusCode.ERROR);
  return {
    async shutdown() {
      tracePhasesWith(undefined);
      await sdk.shutdown();
    },
  };
}
