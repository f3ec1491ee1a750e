import { finding, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor } from "./injections.ts";

export const instrumentationMissing: Rule = {
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
