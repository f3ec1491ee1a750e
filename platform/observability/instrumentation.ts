// One Instrumentation per app namespace: where SDKs send spans, how they propagate and sample them.
import type { Chart } from "cdk8s";
import {
  Instrumentation,
  InstrumentationSpecPropagators,
  InstrumentationSpecSamplerType,
} from "../../imports/opentelemetry.io.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import { DEFAULT_SIGNALS, exporterVariable } from "../../lib/model/sdk-signals.ts";
import type { InstrumentationModel, TracingModel } from "../../lib/model/types.ts";

/**
 * The operator's language blocks. The endpoint is the gateway's OTLP/HTTP port, and each language is told
 * so explicitly: defaults differ between SDKs (Node.js has changed its default), and Python has no gRPC.
 */
const LANGUAGE_BLOCK = { nodejs: "nodejs", python: "python", dotnet: "dotnet", go: "go", java: "java" } as const;
const HTTP_PROTOBUF = [{ name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" }];

/**
 * The SDK init containers (busybox images without a USER) would otherwise get the app container's
 * securityContext, whose runAsNonRoot without runAsUser the kubelet refuses for a root image
 * (operator v0.158.0 internal/instrumentation/sdk.go, resolveInitContainerSecurityContext). They only copy
 * files into an emptyDir, which any user may write.
 */
export const INIT_CONTAINER_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 65532,
  runAsGroup: 65532,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * The Go sidecar attaches eBPF probes as root with privilege (operator v0.158.0 internal/instrumentation/golang.go
 * defaults to runAsUser 0 and privileged). Saying runAsNonRoot: false on the container overrides the pod's
 * runAsNonRoot: true, which the kubelet would otherwise hold against runAsUser 0.
 */
export const GO_SIDECAR_SECURITY_CONTEXT = { runAsUser: 0, runAsNonRoot: false, privileged: true };

/**
 * Each language's environment: OTLP over HTTP, and "none" for every signal other than traces that the SDK would
 * export by default but the environment gives no backend: the gateway has no pipeline for it and would refuse
 * every export (its OTLP receiver serves only the signals its pipelines take).
 */
function languageEnv(
  language: InstrumentationModel["languages"][number],
  tracing: TracingModel,
): { name: string; value: string }[] {
  const off = (DEFAULT_SIGNALS[language] ?? []).filter(
    (signal) => signal !== "traces" && tracing.otherSignals[signal] === undefined,
  );
  return [
    ...HTTP_PROTOBUF.map((env) => ({ ...env })),
    ...off.map((signal) => ({ name: exporterVariable(signal), value: "none" })),
  ];
}

export function renderInstrumentation(
  chart: Chart,
  instrumentation: InstrumentationModel,
  tracing: TracingModel,
): Instrumentation {
  const languages = Object.fromEntries(
    instrumentation.languages.map((language) => [
      LANGUAGE_BLOCK[language],
      {
        env: languageEnv(language, tracing),
        ...(language === "go" ? { securityContext: { ...GO_SIDECAR_SECURITY_CONTEXT } } : {}),
      },
    ]),
  );
  return new Instrumentation(chart, constructId("instrumentation", instrumentation.namespace, instrumentation.name), {
    metadata: { name: instrumentation.name, namespace: instrumentation.namespace },
    spec: {
      exporter: { endpoint: `http://${tracing.gateway.host}:${tracing.gateway.otlpHttpPort}` },
      propagators: [InstrumentationSpecPropagators.TRACECONTEXT, InstrumentationSpecPropagators.BAGGAGE],
      sampler: {
        type: InstrumentationSpecSamplerType.PARENTBASED_UNDERSCORE_TRACEIDRATIO,
        argument: String(tracing.samplingRate),
      },
      initContainerSecurityContext: {
        ...INIT_CONTAINER_SECURITY_CONTEXT,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      },
      ...languages,
    },
  });
}
