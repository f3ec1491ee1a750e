import { finding, type Rule } from "../../lib/policies/rule.ts";

/** Exporter types that send to another collector's OTLP endpoint. */
const OTLP_EXPORTERS = new Set(["otlp", "otlp_grpc", "otlphttp", "otlp_http"]);
const LOAD_BALANCING = new Set(["loadbalancing", "load_balancing"]);

export const exporterQueueDisabled: Rule = {
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
