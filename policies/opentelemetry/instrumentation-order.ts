import { finding, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor } from "./injections.ts";

export const instrumentationOrder: Rule = {
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
