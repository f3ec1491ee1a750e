import { isTruthy } from "../../runtime/dapr-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";
import { DISABLE_BUILTIN_STORE, mountsToken } from "./secret-store-access.ts";

export const builtinSecretstoreNoToken: Rule = {
  id: "dapr/builtin-secretstore-no-token",
  summary: `A Dapr pod that mounts no ServiceAccount token and does not set ${DISABLE_BUILTIN_STORE}: "true".`,
  why: 'In Kubernetes mode daprd always loads the built-in "kubernetes" secret store, without ignoreErrors; its init needs the API token, and a component that fails to init ends daprd. The injector mounts only the Sentry token, so the sidecar exits at start and the pod crash-loops (dapr/docs#5014).',
  fix: `Set the pod annotation ${DISABLE_BUILTIN_STORE}: "true" (Components' secretKeyRefs to the "kubernetes" store are resolved by the operator, not the sidecar), or mount the token if the app reads secrets through the built-in store.`,
  reference: "https://docs.dapr.io/reference/arguments-annotations-overview/",
  severity: "error in every profile",
  upstream: [
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/runtime.go", line: 1619 },
    { repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/runtime/processor/components.go", line: 192 },
    { issue: "dapr/dapr#7682" },
    { issue: "dapr/docs#5014" },
  ],
  check(set) {
    return daprApps(set)
      .filter((app) => !isTruthy(app.annotations[DISABLE_BUILTIN_STORE]) && !mountsToken(set, app))
      .map((app) =>
        finding(
          this,
          app.workload,
          "error",
          annotationPath(app, DISABLE_BUILTIN_STORE),
          `the sidecar of ${app.appId} loads the built-in Kubernetes secret store, but the pod mounts no ServiceAccount token: daprd exits at start`,
        ),
      );
  },
};
