import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";

export const collectorPipeline: Rule = {
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
