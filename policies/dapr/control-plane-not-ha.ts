import { finding, type Rule } from "../../lib/policies/rule.ts";
import { daprChartApplications } from "./dapr-chart-applications.ts";

export const controlPlaneNotHa: Rule = {
  id: "dapr/control-plane-not-ha",
  summary: "In prod, the Dapr chart installed without HA.",
  why: "One operator, injector, sentry and placement pod: a node drain stops sidecar injection and certificate issuance.",
  fix: "Set global.ha.enabled: true in the Dapr chart values.",
  reference: "https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-production/",
  severity: "error in prod only",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "charts/dapr/values.yaml", line: 30 }],
  check(set, profile) {
    if (profile !== "prod") return [];
    return daprChartApplications(set)
      .filter((app) => app.object.spec?.source?.helm?.valuesObject?.global?.ha?.enabled !== true)
      .map((app) =>
        finding(
          this,
          app,
          "error",
          "spec.source.helm.valuesObject.global.ha.enabled",
          "the Dapr control plane is installed without high availability",
        ),
      );
  },
};
