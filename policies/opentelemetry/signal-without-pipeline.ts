import { SDK_LANGUAGES as LANGUAGES, otlpEndpoints } from "../../lib/inventory/otlp-endpoints.ts";
import { DEFAULT_SIGNALS, exporterVariable, type Signal } from "../../platform/observability/opentelemetry-facts.ts";
import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor } from "./injections.ts";

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

export const signalWithoutPipeline: Rule = {
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
