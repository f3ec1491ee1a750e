import { finding, type Rule } from "../../lib/policies/rule.ts";

export const propagators: Rule = {
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
