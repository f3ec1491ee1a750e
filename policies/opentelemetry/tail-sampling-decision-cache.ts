import { DECISION_CACHE_FACTOR, DEFAULT_NUM_TRACES } from "../../platform/observability/opentelemetry-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const tailSamplingDecisionCache: Rule = {
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
