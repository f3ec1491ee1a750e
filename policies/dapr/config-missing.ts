import { finding, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";

export const configMissing: Rule = {
  id: "dapr/config-missing",
  summary: "dapr.io/config names a Configuration that is not in the workload's namespace.",
  why: 'daprd asks the operator for the named Configuration at start and exits with "configuration ... not found": the pod crash-loops.',
  fix: "Create the Configuration in the workload's namespace or fix the name.",
  reference: "https://docs.dapr.io/operations/configuration/configuration-overview/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/config/configuration.go", line: 673 }],
  check(set) {
    return daprApps(set)
      .filter(
        (app) =>
          app.annotations["dapr.io/config"] &&
          set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "").length === 0,
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, "dapr.io/config"),
          `Configuration ${app.annotations["dapr.io/config"]} is not in namespace ${app.namespace}`,
        ),
      );
  },
};
