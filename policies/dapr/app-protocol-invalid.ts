import { APP_PROTOCOLS } from "../../runtime/dapr-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";

export const appProtocolInvalid: Rule = {
  id: "dapr/app-protocol-invalid",
  summary: "dapr.io/app-protocol is not http, grpc, https, grpcs or h2c.",
  why: "The sidecar cannot reach the app and fails to start or delivers nothing.",
  fix: `Set dapr.io/app-protocol to one of ${APP_PROTOCOLS.join(", ")}.`,
  reference: "https://docs.dapr.io/reference/arguments-annotations-overview/",
  severity: "error in every profile",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/config.go", line: 519 }],
  check(set) {
    return daprApps(set)
      .filter(
        (app) =>
          app.annotations["dapr.io/app-protocol"] !== undefined &&
          !APP_PROTOCOLS.includes(app.annotations["dapr.io/app-protocol"] ?? ""),
      )
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, "dapr.io/app-protocol"),
          `app protocol "${app.annotations["dapr.io/app-protocol"]}" is not one Dapr speaks`,
        ),
      );
  },
};
