import { syncOptions } from "../../lib/policies/object-set.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { applications, chartOf } from "./applications.ts";

/** Fields each chart's controllers write after install, as `kind` and a fragment of the ignored path. */
const KNOWN_DRIFT: Readonly<Record<string, readonly { kind: string; field: string }[]>> = {
  dapr: [
    { kind: "MutatingWebhookConfiguration", field: "caBundle" },
    { kind: "CustomResourceDefinition", field: "caBundle" },
    { kind: "Secret", field: "data" },
    { kind: "ConfigMap", field: "data" },
  ],
  "opentelemetry-operator": [{ kind: "MutatingWebhookConfiguration", field: "caBundle" }],
};

export const knownDriftUnhandled: Rule = {
  id: "argocd/known-drift-unhandled",
  summary:
    "An Application installing the Dapr or OpenTelemetry Operator chart without ignoreDifferences for their webhook and trust-bundle fields.",
  why: "Their controllers write CA bundles and the trust bundle after install; Argo CD shows endless OutOfSync, and self-heal wipes them (dapr/dapr#5066, #3784).",
  fix: "Add ignoreDifferences for the webhook caBundle, the Subscription CRD conversion and the dapr-trust-bundle Secret and ConfigMap data, with RespectIgnoreDifferences=true.",
  reference: "dapr/dapr#5066, dapr/dapr#3784, open-telemetry/opentelemetry-helm-charts#2168",
  severity: "warning",
  upstream: [
    { issue: "dapr/dapr#5066" },
    { issue: "dapr/dapr#3784" },
    { issue: "open-telemetry/opentelemetry-helm-charts#2168" },
  ],
  check(set) {
    return applications(set).flatMap((app) => {
      const expected = KNOWN_DRIFT[chartOf(app) ?? ""];
      if (!expected) return [];
      const ignored = (app.object.spec?.ignoreDifferences ?? []) as {
        kind?: string;
        jsonPointers?: string[];
        jqPathExpressions?: string[];
      }[];
      const missing = expected.filter(
        (drift) =>
          !ignored.some(
            (entry) =>
              entry.kind === drift.kind &&
              [...(entry.jsonPointers ?? []), ...(entry.jqPathExpressions ?? [])].some((path) =>
                path.includes(drift.field),
              ),
          ),
      );
      const respect = syncOptions(app).includes("RespectIgnoreDifferences=true");
      if (missing.length === 0 && respect) return [];
      const what = [
        ...missing.map((drift) => `${drift.kind} ${drift.field}`),
        ...(respect ? [] : ["RespectIgnoreDifferences=true"]),
      ];
      return [
        finding(
          this,
          app,
          "warning",
          "spec.ignoreDifferences",
          `chart ${chartOf(app)} changes fields at runtime that this Application does not handle: ${what.join(", ")}`,
        ),
      ];
    });
  },
};
