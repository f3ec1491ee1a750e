import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";

export const sidecarResources: Rule = {
  id: "dapr/sidecar-resources",
  summary: "A Dapr app without sidecar cpu and memory limits.",
  why: "An unbounded daprd can starve the app or the node; without a memory limit GOMEMLIMIT cannot be sized.",
  fix: "Set dapr.io/sidecar-cpu-limit and dapr.io/sidecar-memory-limit (and requests).",
  reference: "https://docs.dapr.io/operations/hosting/kubernetes/kubernetes-production/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/injector/patcher/sidecar_container.go", line: 431 }],
  check(set, profile) {
    return daprApps(set)
      .filter(
        (app) => !app.annotations["dapr.io/sidecar-cpu-limit"] || !app.annotations["dapr.io/sidecar-memory-limit"],
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          strictOutsideDev(profile),
          annotationPath(app, "dapr.io/sidecar-memory-limit"),
          `the sidecar of ${app.appId} has no cpu and memory limits`,
        ),
      );
  },
};
