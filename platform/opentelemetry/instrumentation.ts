// One Instrumentation per app namespace: where SDKs send spans, how they propagate and sample them.
import type { Chart } from "cdk8s";
import { Instrumentation, InstrumentationSpecPropagators, InstrumentationSpecSamplerType } from "../../imports/opentelemetry.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { InstrumentationModel, TracingModel } from "../../lib/model/types.ts";

/**
 * The operator's language blocks. The endpoint is the gateway's OTLP/HTTP port, and each language is told
 * so explicitly: defaults differ between SDKs (Node.js has changed its default), and Python has no gRPC.
 */
const LANGUAGE_BLOCK = { nodejs: "nodejs", python: "python", dotnet: "dotnet", go: "go", java: "java" } as const;
const HTTP_PROTOBUF = [{ name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" }];

export function renderInstrumentation(chart: Chart, instrumentation: InstrumentationModel, tracing: TracingModel): Instrumentation {
  const languages = Object.fromEntries(instrumentation.languages.map((language) => [LANGUAGE_BLOCK[language], { env: HTTP_PROTOBUF.map((env) => ({ ...env })) }]));
  return new Instrumentation(chart, constructId("instrumentation", instrumentation.namespace, instrumentation.name), {
    metadata: { name: instrumentation.name, namespace: instrumentation.namespace },
    spec: {
      exporter: { endpoint: `http://${tracing.gateway.host}:${tracing.gateway.otlpHttpPort}` },
      propagators: [InstrumentationSpecPropagators.TRACECONTEXT, InstrumentationSpecPropagators.BAGGAGE],
      sampler: { type: InstrumentationSpecSamplerType.PARENTBASED_UNDERSCORE_TRACEIDRATIO, argument: String(tracing.samplingRate) },
      ...languages,
    },
  });
}
