import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { daprApps } from "./dapr-apps.ts";

export const tracingDisabled: Rule = {
  id: "dapr/tracing-disabled",
  summary:
    'A Configuration used by an app with no tracing exporter, or a samplingRate of "0" or not a number between 0 and 1.',
  why: "The sidecar records no spans, or an unparsable rate silently becomes 0.0001: traces stop at every Dapr hop.",
  fix: "Set spec.tracing.samplingRate to a number in (0, 1] and spec.tracing.otel (endpointAddress, isSecure, protocol).",
  reference: "dapr/dapr pkg/diagnostics/utils/trace_utils.go",
  severity: "error when samplingRate is not a number in 0..1, warning otherwise",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/diagnostics/utils/trace_utils.go", line: 87 }],
  check(set) {
    const used = new Set(daprApps(set).map((app) => `${app.namespace}/${app.annotations["dapr.io/config"] ?? ""}`));
    return set.ofKind("Configuration", "dapr.io").flatMap((configuration) => {
      const tracing = configuration.object.spec?.tracing;
      const found: Finding[] = [];
      if (tracing?.samplingRate !== undefined) {
        const rate = Number(tracing.samplingRate);
        if (String(tracing.samplingRate).trim() === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
          found.push(
            finding(
              this,
              configuration,
              "error",
              "spec.tracing.samplingRate",
              `samplingRate "${tracing.samplingRate}" is not a number between 0 and 1`,
            ),
          );
        } else if (rate === 0) {
          found.push(
            finding(this, configuration, "warning", "spec.tracing.samplingRate", 'samplingRate "0" turns tracing off'),
          );
        }
      }
      if (
        used.has(`${configuration.namespace}/${configuration.name}`) &&
        !tracing?.otel?.endpointAddress &&
        !tracing?.zipkin?.endpointAddress
      ) {
        found.push(
          finding(
            this,
            configuration,
            "warning",
            "spec.tracing",
            `Configuration ${configuration.name} is used by an app but exports no traces`,
          ),
        );
      }
      return found;
    });
  },
};
