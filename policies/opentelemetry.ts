// OpenTelemetry rules: injections that find no Instrumentation, endpoints that reach nothing or speak the wrong
// protocol, samplers that drop everything, broken collector pipelines, and pods instrumented too early or twice.
import {
  SDK_LANGUAGES as LANGUAGES,
  otlpEndpoints,
  sdkOtlpProtocol,
  unresolvedEndpoints,
} from "../lib/inventory/otlp-endpoints.ts";
import { INIT_CONTAINER_LANGUAGES, resolveInstrumentation } from "../lib/manifests/instrumentation-ref.ts";
import {
  DECISION_CACHE_FACTOR,
  DEFAULT_NUM_TRACES,
  DEFAULT_SIGNALS,
  exporterVariable,
  type Signal,
} from "../platform/observability/opentelemetry-facts.ts";
import type { ObjectSet, SetObject } from "../lib/policies/object-set.ts";
import { finding, strictOutsideDev, type Finding, type Rule } from "../lib/policies/rule.ts";

const INJECT = "instrumentation.opentelemetry.io/inject-";
const CONTAINER_NAMES = "instrumentation.opentelemetry.io/container-names";

interface Injection {
  readonly workload: SetObject;
  readonly annotation: string;
  readonly language: string;
  readonly value: string;
  readonly path: string;
  readonly containers: number;
  readonly annotations: Record<string, string>;
}

const injectionsOf = new WeakMap<ObjectSet, readonly Injection[]>();

/** Every inject annotation of the set's pod templates; found once per set. */
function injections(set: ObjectSet): readonly Injection[] {
  const cached = injectionsOf.get(set);
  if (cached) return cached;
  const found = set.workloads().flatMap(({ workload, template }) =>
    Object.entries(template.metadata.annotations ?? {})
      .filter(([key, value]) => key.startsWith(INJECT) && String(value).toLowerCase() !== "false")
      .map(([key, value]) => ({
        workload,
        annotation: key,
        language: key.slice(INJECT.length),
        value: String(value),
        path: `${template.path ? `${template.path}.` : ""}metadata.annotations["${key}"]`,
        containers: ((template.spec.containers ?? []) as unknown[]).length,
        annotations: template.metadata.annotations ?? {},
      })),
  );
  injectionsOf.set(set, found);
  return found;
}

/** The Instrumentation an injection names: "true" = the only one in the pod's namespace, "name" = same namespace, "ns/name" = that one. */
function instrumentationFor(set: ObjectSet, injection: Injection): SetObject | undefined {
  return resolveInstrumentation(
    injection.value,
    injection.workload.namespace,
    set.ofKind("Instrumentation", "opentelemetry.io"),
  );
}

const instrumentationMissing: Rule = {
  id: "otel/instrumentation-missing",
  summary: "An inject annotation that names no Instrumentation in the set.",
  why: "The operator admits the pod uninstrumented, with no event: the service simply never appears in traces.",
  fix: 'Create the Instrumentation, or point the annotation at one: "true" (the only one in the pod\'s namespace), "<name>" or "<namespace>/<name>".',
  reference: "open-telemetry/opentelemetry-operator docs/auto-instrumentation",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/podmutator.go",
      line: 233,
    },
  ],
  check(set) {
    return injections(set)
      .filter((injection) => !instrumentationFor(set, injection))
      .map((injection) =>
        finding(
          this,
          injection.workload,
          "error",
          injection.path,
          `${injection.annotation}: "${injection.value}" names no Instrumentation in the set`,
        ),
      );
  },
};

const endpointProtocolMismatch: Rule = {
  id: "otel/endpoint-protocol-mismatch",
  summary: "An Instrumentation whose endpoint port and protocol disagree for a language it serves.",
  why: "4317 speaks gRPC and 4318 HTTP; an SDK sending HTTP to 4317 (the .NET, Java, Python, Go and Node.js default) loses every span.",
  fix: "Use port 4318 with http/protobuf (set OTEL_EXPORTER_OTLP_PROTOCOL explicitly per language), or 4317 with grpc (not for Python).",
  reference: "open-telemetry/opentelemetry-operator docs/auto-instrumentation (default protocols per language)",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/python.go",
      line: 121,
    },
  ],
  check(set) {
    const served = new Map<SetObject, Set<string>>();
    for (const injection of injections(set)) {
      const instrumentation = instrumentationFor(set, injection);
      if (instrumentation)
        served.set(instrumentation, (served.get(instrumentation) ?? new Set<string>()).add(injection.language));
    }
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const endpoint = String(instrumentation.object.spec?.exporter?.endpoint ?? "");
      const port = /:(\d+)(\/|$)/.exec(endpoint.replace(/^[a-z]+:\/\//, ""))?.[1];
      const languages = new Set([
        ...(served.get(instrumentation) ?? []),
        ...LANGUAGES.filter((language) => instrumentation.object.spec?.[language] !== undefined),
      ]);
      const found: Finding[] = [];
      for (const language of [...languages].filter((l) => (LANGUAGES as readonly string[]).includes(l)).sort()) {
        const protocol = sdkOtlpProtocol(instrumentation.object.spec, language);
        const grpc = protocol === "grpc";
        if (language === "python" && grpc)
          found.push(
            finding(
              this,
              instrumentation,
              "error",
              `spec.python.env`,
              "Python auto-instrumentation cannot export OTLP over gRPC",
            ),
          );
        else if ((port === "4317" && !grpc) || (port === "4318" && grpc)) {
          found.push(
            finding(
              this,
              instrumentation,
              "error",
              "spec.exporter.endpoint",
              `${language} sends ${protocol} to port ${port}, which speaks ${port === "4317" ? "gRPC" : "HTTP"}`,
            ),
          );
        }
      }
      return found;
    });
  },
};

const endpointUnresolved: Rule = {
  id: "otel/endpoint-unresolved",
  summary: "An OTLP endpoint naming a cluster Service the set does not define, or a port it does not expose.",
  why: 'Exporters retry and drop in silence: the classic "I don\'t see any traces".',
  fix: "Point the endpoint at a Service in the set (a collector's <name>-collector) on a port it exposes.",
  reference: "open-telemetry/opentelemetry.io troubleshooting/automatic.md",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/exporter.go",
      line: 20,
    },
  ],
  check(set) {
    const objects = set.objects.map((object) => object.object);
    const byObject = new Map(
      set.objects.map((object) => [`${object.kind} ${object.object.metadata?.namespace ?? ""}/${object.name}`, object]),
    );
    return unresolvedEndpoints(objects)
      .filter((endpoint) => !endpoint.reason.includes("is not a cluster Service address"))
      .filter(
        (endpoint) => !(endpoint.sender.startsWith("Instrumentation") && endpoint.reason.includes("the sender speaks")),
      )
      .flatMap((endpoint) => {
        const sender = byObject.get(endpoint.sender);
        return sender
          ? [
              finding(
                this,
                sender,
                "error",
                endpoint.path.replace(/ \(.*\)$/, ""),
                `${endpoint.host}:${endpoint.port}: ${endpoint.reason}`,
              ),
            ]
          : [];
      });
  },
};

const propagators: Rule = {
  id: "otel/propagators",
  summary: "An Instrumentation without tracecontext or without baggage.",
  why: "Dapr and most SDKs propagate W3C tracecontext; without it traces break at every hop.",
  fix: "Set spec.propagators: [tracecontext, baggage].",
  reference: "https://opentelemetry.io/docs/specs/otel/context/api-propagators/",
  severity: "warning",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/sdk.go",
      line: 504,
    },
  ],
  check(set) {
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const list = (instrumentation.object.spec?.propagators ?? []) as string[];
      const missing = ["tracecontext", "baggage"].filter((name) => !list.includes(name));
      return missing.length > 0
        ? [finding(this, instrumentation, "warning", "spec.propagators", `propagators lack ${missing.join(" and ")}`)]
        : [];
    });
  },
};

const samplerInvalid: Rule = {
  id: "otel/sampler-invalid",
  summary: "A ratio sampler argument outside 0..1 or not a number, or always_off.",
  why: "The SDK falls back to its default or records nothing.",
  fix: 'Use parentbased_traceidratio with an argument such as "0.25".',
  reference: "https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/webhook/instrumentation_webhook.go",
      line: 200,
    },
  ],
  check(set) {
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const sampler = instrumentation.object.spec?.sampler;
      if (!sampler) return [];
      if (["always_off", "parentbased_always_off"].includes(sampler.type))
        return [
          finding(this, instrumentation, "error", "spec.sampler.type", `sampler ${sampler.type} records no traces`),
        ];
      if (!String(sampler.type ?? "").endsWith("traceidratio")) return [];
      const ratio = Number(sampler.argument);
      return sampler.argument === undefined ||
        String(sampler.argument).trim() === "" ||
        !Number.isFinite(ratio) ||
        ratio < 0 ||
        ratio > 1
        ? [
            finding(
              this,
              instrumentation,
              "error",
              "spec.sampler.argument",
              `ratio "${sampler.argument ?? ""}" is not a number between 0 and 1`,
            ),
          ]
        : [];
    });
  },
};

const collectorPipeline: Rule = {
  id: "otel/collector-pipeline",
  summary:
    "A collector pipeline naming an undefined receiver, processor or exporter, or without memory_limiter first and batch.",
  why: "An undefined component stops the collector from starting; without memory_limiter a burst kills it, without batch it exports span by span.",
  fix: "Define every component the pipeline names; start processors with memory_limiter and include batch.",
  reference: "open-telemetry/opentelemetry-collector processor/memorylimiterprocessor/README.md",
  severity: "error for undefined components, warning for processor order",
  upstream: [
    { repository: "open-telemetry/opentelemetry-collector", tag: "v0.158.0", file: "otelcol/config.go", line: 101 },
  ],
  check(set) {
    return set.ofKind("OpenTelemetryCollector", "opentelemetry.io").flatMap((collector) => {
      const config = collector.object.spec?.config;
      if (!config || typeof config !== "object") return [];
      const found: Finding[] = [];
      for (const [name, pipeline] of Object.entries(
        (config.service?.pipelines ?? {}) as Record<string, Record<string, string[]>>,
      )) {
        for (const section of ["receivers", "processors", "exporters"]) {
          for (const component of pipeline[section] ?? []) {
            if (!(component in (config[section] ?? {})) && !(component in (config.connectors ?? {}))) {
              found.push(
                finding(
                  this,
                  collector,
                  "error",
                  `spec.config.service.pipelines.${name}.${section}`,
                  `pipeline ${name} names ${section.slice(0, -1)} "${component}", which spec.config.${section} does not define`,
                ),
              );
            }
          }
        }
        const processors = pipeline.processors ?? [];
        if (!processors[0]?.startsWith("memory_limiter"))
          found.push(
            finding(
              this,
              collector,
              "warning",
              `spec.config.service.pipelines.${name}.processors`,
              `pipeline ${name} does not start with memory_limiter`,
            ),
          );
        if (!processors.some((processor) => processor.startsWith("batch")))
          found.push(
            finding(
              this,
              collector,
              "warning",
              `spec.config.service.pipelines.${name}.processors`,
              `pipeline ${name} has no batch processor`,
            ),
          );
      }
      return found;
    });
  },
};

const memoryStorage: Rule = {
  id: "otel/memory-storage",
  summary: "Jaeger in-memory storage outside dev.",
  why: "Traces live in one pod's memory: a restart or a second replica loses or splits them.",
  fix: "Use a persistent backend (Tempo, or Jaeger with Elasticsearch/Cassandra/Badger on a volume).",
  reference: "jaegertracing/jaeger cmd/jaeger/internal/all-in-one.yaml",
  severity: "error in staging and prod, no finding in dev",
  upstream: [
    { repository: "jaegertracing/jaeger", tag: "v1.76.0", file: "internal/storage/v2/memory/tenant.go", line: 54 },
  ],
  check(set, profile) {
    if (profile === "dev") return [];
    const found: Finding[] = [];
    for (const collector of set.ofKind("OpenTelemetryCollector", "opentelemetry.io")) {
      for (const [name, backend] of Object.entries(
        (collector.object.spec?.config?.extensions?.jaeger_storage?.backends ?? {}) as Record<
          string,
          Record<string, unknown>
        >,
      )) {
        if (backend && "memory" in backend)
          found.push(
            finding(
              this,
              collector,
              strictOutsideDev(profile),
              `spec.config.extensions.jaeger_storage.backends.${name}.memory`,
              `Jaeger backend ${name} keeps traces in memory`,
            ),
          );
      }
    }
    for (const { workload, template } of set.workloads()) {
      for (const [index, container] of (
        (template.spec.containers ?? []) as { image?: string; env?: { name: string; value?: string }[] }[]
      ).entries()) {
        if (
          /jaegertracing\//.test(container.image ?? "") &&
          (container.env ?? []).some((env) => env.name === "SPAN_STORAGE_TYPE" && env.value === "memory")
        ) {
          found.push(
            finding(
              this,
              workload,
              strictOutsideDev(profile),
              `${template.path}.spec.containers[${index}].env`,
              "Jaeger runs with SPAN_STORAGE_TYPE=memory",
            ),
          );
        }
      }
    }
    return found;
  },
};

const containerAmbiguous: Rule = {
  id: "otel/container-ambiguous",
  summary: "An inject annotation on a pod with several containers and no container-names.",
  why: "The operator instruments the first container, which in a Dapr pod may be the sidecar, not the app.",
  fix: `Set ${CONTAINER_NAMES} to the app container's name.`,
  reference: "open-telemetry/opentelemetry-operator docs/auto-instrumentation/multi-container.md",
  severity: "warning",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/sdk.go",
      line: 267,
    },
  ],
  check(set) {
    const dapr = (injection: Injection) =>
      String(injection.annotations["dapr.io/enabled"] ?? "").toLowerCase() === "true";
    return injections(set)
      .filter(
        (injection) =>
          (injection.containers > 1 || dapr(injection)) &&
          !injection.annotations[CONTAINER_NAMES] &&
          !injection.annotations[`instrumentation.opentelemetry.io/${injection.language}-container-names`],
      )
      .map((injection) =>
        finding(
          this,
          injection.workload,
          "warning",
          injection.path,
          `the pod will have several containers (${dapr(injection) ? "the Dapr sidecar is injected" : `${injection.containers} declared`}) and names none to instrument`,
        ),
      );
  },
};

const instrumentationOrder: Rule = {
  id: "otel/instrumentation-order",
  summary: "A workload synced in the same or an earlier wave than the Instrumentation it uses.",
  why: "Injection happens only when a pod is created; pods created before the Instrumentation exists stay uninstrumented until restarted.",
  fix: 'Sync the Instrumentation in an earlier wave or Application (e.g. sync-wave "-1").',
  reference: "open-telemetry/opentelemetry-operator#1765",
  severity: "error in every profile",
  upstream: [{ issue: "open-telemetry/opentelemetry-operator#1765" }],
  check(set) {
    return injections(set).flatMap((injection) => {
      const instrumentation = instrumentationFor(set, injection);
      if (!instrumentation || set.compareWaves(instrumentation, injection.workload) < 0) return [];
      return [
        finding(
          this,
          injection.workload,
          "error",
          injection.path,
          `syncs no later than Instrumentation ${instrumentation.namespace}/${instrumentation.name}, so its first pods start uninstrumented`,
        ),
      ];
    });
  },
};

/** The pod template and the container an injection instruments (container-names, else the first container). */
function instrumentedContainer(
  set: ObjectSet,
  injection: Injection,
): { pod: Record<string, any>; container: Record<string, any> | undefined } {
  const template = set.workloads().find(({ workload }) => workload === injection.workload)?.template;
  const pod = template?.spec ?? {};
  const named = (injection.annotations[CONTAINER_NAMES] ?? "").split(",")[0]?.trim();
  const containers = (pod.containers ?? []) as Record<string, any>[];
  return { pod, container: containers.find((container) => container.name === named) ?? containers[0] };
}

const initContainerRoot: Rule = {
  id: "otel/init-container-root",
  summary:
    "An SDK injection (java, nodejs, python, dotnet, apache-httpd, nginx) whose init container will run as root under runAsNonRoot.",
  why: "The operator gives the init container spec.initContainerSecurityContext, else the app container's securityContext; its busybox image has no USER, so with runAsNonRoot and no runAsUser the kubelet refuses the pod (operator v0.158.0 internal/instrumentation/sdk.go). inject-sdk adds no init container.",
  fix: "Set spec.initContainerSecurityContext on the Instrumentation with runAsNonRoot: true and a non-zero runAsUser, or set runAsUser on the app container or the pod.",
  reference: "https://github.com/open-telemetry/opentelemetry-operator/blob/v0.158.0/internal/instrumentation/sdk.go",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/sdk.go",
      line: 314,
    },
  ],
  check(set) {
    return injections(set)
      .filter((injection) => INIT_CONTAINER_LANGUAGES.has(injection.language))
      .flatMap((injection) => {
        const instrumentation = instrumentationFor(set, injection);
        if (!instrumentation) return [];
        const { pod, container } = instrumentedContainer(set, injection);
        const context = instrumentation.object.spec?.initContainerSecurityContext ?? container?.securityContext ?? {};
        const nonRoot = context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const user = context.runAsUser ?? pod.securityContext?.runAsUser;
        if (nonRoot !== true || (typeof user === "number" && user > 0)) return [];
        return [
          finding(
            this,
            injection.workload,
            "error",
            injection.path,
            `the ${injection.language} init container will run as root under runAsNonRoot (Instrumentation ${instrumentation.namespace}/${instrumentation.name} sets no initContainerSecurityContext with a non-zero runAsUser): the kubelet refuses the pod`,
          ),
        ];
      });
  },
};

const goInstrumentationNonroot: Rule = {
  id: "otel/go-instrumentation-nonroot",
  summary:
    "An inject-go pod with runAsNonRoot: true whose Instrumentation leaves the Go sidecar's securityContext at its default (runAsUser 0, privileged).",
  why: "The Go sidecar inherits the pod's runAsNonRoot; with runAsUser 0 the kubelet refuses to start the pod (operator v0.158.0 internal/instrumentation/golang.go).",
  fix: "Set spec.go.securityContext on the Instrumentation to {runAsUser: 0, runAsNonRoot: false, privileged: true} (eBPF needs root) and enforce the privileged Pod Security level on that namespace only.",
  reference:
    "https://github.com/open-telemetry/opentelemetry-operator/blob/v0.158.0/internal/instrumentation/golang.go",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/golang.go",
      line: 49,
    },
  ],
  check(set) {
    return injections(set)
      .filter((injection) => injection.language === "go")
      .flatMap((injection) => {
        const instrumentation = instrumentationFor(set, injection);
        const { pod } = instrumentedContainer(set, injection);
        if (!instrumentation || pod.securityContext?.runAsNonRoot !== true) return [];
        const context = instrumentation.object.spec?.go?.securityContext ?? { runAsUser: 0, privileged: true };
        const user = context.runAsUser ?? pod.securityContext?.runAsUser;
        if (context.runAsNonRoot === false || (typeof user === "number" && user > 0)) return [];
        return [
          finding(
            this,
            injection.workload,
            "error",
            injection.path,
            `the Go sidecar of Instrumentation ${instrumentation.namespace}/${instrumentation.name} runs as root under the pod's runAsNonRoot: the kubelet refuses the pod`,
          ),
        ];
      });
  },
};

/** Exporter types that send to another collector's OTLP endpoint. */
const OTLP_EXPORTERS = new Set(["otlp", "otlp_grpc", "otlphttp", "otlp_http"]);
const LOAD_BALANCING = new Set(["loadbalancing", "load_balancing"]);

const exporterQueueDisabled: Rule = {
  id: "otel/exporter-queue-disabled",
  summary:
    "A load-balancing exporter without retry_on_failure and sending_queue enabled, or an OTLP exporter to another collector with either turned off.",
  why: "The load-balancing exporter has both off by default: every batch for a backend that restarts or rescales is dropped. An OTLP exporter without them drops spans whenever the next collector is briefly away.",
  fix: "Set retry_on_failure: {enabled: true} and sending_queue: {enabled: true} on the exporter.",
  reference:
    "https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/exporter/loadbalancingexporter",
  severity: "error in prod, warning otherwise",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-collector-contrib",
      tag: "v0.158.0",
      file: "exporter/loadbalancingexporter/factory.go",
      line: 85,
    },
  ],
  check(set, profile) {
    return set.ofKind("OpenTelemetryCollector").flatMap((collector) =>
      Object.entries((collector.object.spec?.config?.exporters ?? {}) as Record<string, any>).flatMap(
        ([id, exporter]) => {
          const type = id.split("/")[0] ?? "";
          const retry = exporter?.retry_on_failure?.enabled;
          const queue = exporter?.sending_queue?.enabled;
          const toCollector =
            OTLP_EXPORTERS.has(type) && /-collector[.:]|collector\./.test(String(exporter?.endpoint ?? ""));
          const missing = LOAD_BALANCING.has(type)
            ? retry !== true || queue !== true
            : toCollector && (retry === false || queue === false);
          if (!missing) return [];
          return [
            finding(
              this,
              collector,
              profile === "prod" ? "error" : "warning",
              `spec.config.exporters.${id}`,
              `exporter ${id} drops batches while its backend is away: retry_on_failure and sending_queue must both be enabled`,
            ),
          ];
        },
      ),
    );
  },
};

const tailSamplingDecisionCache: Rule = {
  id: "otel/tail-sampling-decision-cache",
  summary:
    "A tail_sampling processor whose decision_cache holds fewer than ten times num_traces sampled or non-sampled trace IDs (unset: none).",
  why: "Without a decision cache (0, the default, is a no-op cache) a span that arrives after decision_wait starts a new trace and gets a decision of its own: late spans of kept traces are dropped, or kept as fragments, and traces that outlive decision_wait (queue consumers, retries, dead letters) are split. A warning: nothing fails, the traces are incomplete.",
  fix: `Set decision_cache.sampled_cache_size and decision_cache.non_sampled_cache_size to at least ${DECISION_CACHE_FACTOR} × num_traces.`,
  reference:
    "https://github.com/open-telemetry/opentelemetry-collector-contrib/blob/v0.158.0/processor/tailsamplingprocessor/README.md",
  severity: "warning",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-collector-contrib",
      tag: "v0.158.0",
      file: "processor/tailsamplingprocessor/config.go",
      line: 313,
    },
    {
      repository: "open-telemetry/opentelemetry-collector-contrib",
      tag: "v0.158.0",
      file: "processor/tailsamplingprocessor/processor.go",
      line: 116,
    },
  ],
  check(set) {
    return set.ofKind("OpenTelemetryCollector", "opentelemetry.io").flatMap((collector) =>
      Object.entries((collector.object.spec?.config?.processors ?? {}) as Record<string, any>)
        .filter(([id]) => id.split("/")[0] === "tail_sampling")
        .flatMap(([id, processor]) => {
          const wanted = DECISION_CACHE_FACTOR * Number(processor?.num_traces ?? DEFAULT_NUM_TRACES);
          const short = (["sampled_cache_size", "non_sampled_cache_size"] as const).filter(
            (field) => Number(processor?.decision_cache?.[field] ?? 0) < wanted,
          );
          if (short.length === 0) return [];
          return [
            finding(
              this,
              collector,
              "warning",
              `spec.config.processors.${id}.decision_cache`,
              `${id} remembers too few decisions (${short.map((field) => `${field} ${processor?.decision_cache?.[field] ?? 0}`).join(", ")}; at least ${wanted}): spans after decision_wait are decided again`,
            ),
          ];
        }),
    );
  },
};

/** The value an SDK reads for a variable: the language block's env, then spec.env (the operator appends the block's first). */
function instrumentationEnv(spec: Record<string, any> | undefined, language: string, name: string): string | undefined {
  const env = [
    ...((spec?.[language]?.env ?? []) as { name: string; value?: string }[]),
    ...((spec?.env ?? []) as { name: string; value?: string }[]),
  ];
  return env.find((variable) => variable.name === name)?.value;
}

/** Signals a language sends to the Instrumentation's endpoint over OTLP. */
function exportedSignals(spec: Record<string, any> | undefined, language: string): Signal[] {
  return (DEFAULT_SIGNALS[language] ?? []).filter((signal) => {
    // A signal with an endpoint of its own does not go to the shared one.
    if (instrumentationEnv(spec, language, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`) !== undefined)
      return false;
    const exporters = instrumentationEnv(spec, language, exporterVariable(signal));
    return (
      exporters === undefined ||
      exporters
        .split(",")
        .map((part) => part.trim())
        .includes("otlp")
    );
  });
}

const signalWithoutPipeline: Rule = {
  id: "otel/signal-without-pipeline",
  summary:
    "An Instrumentation whose languages export a signal (metrics, logs) over OTLP to a collector of the set that has no pipeline for it.",
  why: "The collector's OTLP receiver serves /v1/metrics and /v1/logs (and their gRPC services) only for signals a pipeline takes: every export of the others is refused (HTTP 404, gRPC Unimplemented), retried and logged by each process. An error outside dev: the refusals fill application logs and cost every pod work, forever.",
  fix: 'Set OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER to "none" in each language block\'s env, or add metrics and logs pipelines with a backend to the collector.',
  reference:
    "https://github.com/open-telemetry/opentelemetry-operator/blob/v0.158.0/internal/instrumentation/python.go",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/nodejs.go",
      line: 97,
    },
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/python.go",
      line: 131,
    },
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/python.go",
      line: 136,
    },
    {
      repository: "open-telemetry/opentelemetry-collector",
      tag: "v0.158.0",
      file: "receiver/otlpreceiver/otlp.go",
      line: 145,
    },
  ],
  check(set, profile) {
    const served = new Map<SetObject, Set<string>>();
    for (const injection of injections(set)) {
      const instrumentation = instrumentationFor(set, injection);
      if (instrumentation)
        served.set(instrumentation, (served.get(instrumentation) ?? new Set<string>()).add(injection.language));
    }
    const collectors = set.ofKind("OpenTelemetryCollector", "opentelemetry.io");
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const spec = instrumentation.object.spec;
      const host =
        otlpEndpoints([instrumentation.object]).find((endpoint) => endpoint.path.startsWith("spec.exporter.endpoint"))
          ?.host ?? "";
      const collector = collectors.find((candidate) =>
        new RegExp(`^${candidate.name}-collector(-headless)?\\.${candidate.namespace}(\\.|$)`).test(host),
      );
      // An endpoint outside the set (or unresolved, which otel/endpoint-unresolved reports) has pipelines this rule cannot see.
      if (!collector) return [];
      const pipelines = new Set(
        Object.keys(collector.object.spec?.config?.service?.pipelines ?? {}).map((id) => id.split("/")[0]),
      );
      const languages = [
        ...new Set([
          ...(served.get(instrumentation) ?? []),
          ...LANGUAGES.filter((language) => spec?.[language] !== undefined),
        ]),
      ]
        .filter((language) => language in DEFAULT_SIGNALS)
        .sort();
      return languages.flatMap((language) => {
        const missing = exportedSignals(spec, language).filter((signal) => !pipelines.has(signal));
        if (missing.length === 0) return [];
        return [
          finding(
            this,
            instrumentation,
            strictOutsideDev(profile),
            `spec.${language}.env`,
            `${language} exports ${missing.join(" and ")} to OpenTelemetryCollector ${collector.namespace}/${collector.name}, which has no ${missing.join(" or ")} pipeline: every export is refused`,
          ),
        ];
      });
    });
  },
};

export const OPENTELEMETRY_RULES: readonly Rule[] = [
  instrumentationMissing,
  endpointProtocolMismatch,
  endpointUnresolved,
  propagators,
  samplerInvalid,
  collectorPipeline,
  memoryStorage,
  containerAmbiguous,
  instrumentationOrder,
  initContainerRoot,
  goInstrumentationNonroot,
  exporterQueueDisabled,
  tailSamplingDecisionCache,
  signalWithoutPipeline,
];
