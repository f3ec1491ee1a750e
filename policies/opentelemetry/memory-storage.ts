import { finding, strictOutsideDev, type Finding, type Rule } from "../../lib/policies/rule.ts";

export const memoryStorage: Rule = {
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
