import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";

export const accessControlOpen: Rule = {
  id: "dapr/access-control-open",
  summary: "An invoked app whose Configuration has no access control or allows by default.",
  why: "Any app in the cluster with a sidecar can call every method of the invoked app.",
  fix: "Set spec.accessControl with defaultAction: deny, a trustDomain, and one policy per caller with its operations.",
  reference: "https://docs.dapr.io/operations/configuration/invoke-allowlist/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/acl/acl.go", line: 60 }],
  check(set, profile) {
    const invoked = new Set(
      set
        .ofKind("Resiliency", "dapr.io")
        .flatMap((resiliency) => Object.keys(resiliency.object.spec?.targets?.apps ?? {})),
    );
    return daprApps(set)
      .filter((app) => invoked.has(app.appId))
      .flatMap((app) => {
        const configuration = set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "")[0];
        const accessControl = configuration?.object.spec?.accessControl;
        const defaultAction = String(
          accessControl?.defaultAction ?? ((accessControl?.policies ?? []).length > 0 ? "deny" : "allow"),
        ).toLowerCase();
        if (accessControl && defaultAction === "deny") return [];
        const on = configuration ?? app.workload;
        return [
          finding(
            this,
            on,
            strictOutsideDev(profile),
            configuration ? "spec.accessControl.defaultAction" : annotationPath(app, "dapr.io/config"),
            `app ${app.appId} is invoked but its Configuration allows every caller by default`,
          ),
        ];
      });
  },
};
