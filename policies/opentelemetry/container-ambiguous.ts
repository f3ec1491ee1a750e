import { finding, type Rule } from "../../lib/policies/rule.ts";
import { CONTAINER_NAMES, injections, type Injection } from "./injections.ts";

export const containerAmbiguous: Rule = {
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
