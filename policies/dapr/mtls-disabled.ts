import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";
import { daprChartApplications } from "./dapr-chart-applications.ts";

export const mtlsDisabled: Rule = {
  id: "dapr/mtls-disabled",
  summary: "mTLS turned off in the Dapr chart values or a Configuration.",
  why: "Sidecars talk in plain text and cannot prove who is calling: access control by app id means nothing.",
  fix: "Set global.mtls.enabled: true in the chart values and remove mtls.enabled: false.",
  reference: "https://docs.dapr.io/operations/security/mtls/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/security/security.go", line: 348 }],
  check(set, profile) {
    return [
      ...daprChartApplications(set)
        .filter((app) => app.object.spec?.source?.helm?.valuesObject?.global?.mtls?.enabled === false)
        .map((app) =>
          finding(
            this,
            app,
            strictOutsideDev(profile),
            "spec.source.helm.valuesObject.global.mtls.enabled",
            "the Dapr control plane is installed with mTLS off",
          ),
        ),
      ...set
        .ofKind("Configuration", "dapr.io")
        .filter((configuration) => configuration.object.spec?.mtls?.enabled === false)
        .map((configuration) =>
          finding(
            this,
            configuration,
            strictOutsideDev(profile),
            "spec.mtls.enabled",
            `Configuration ${configuration.name} turns mTLS off`,
          ),
        ),
    ];
  },
};
