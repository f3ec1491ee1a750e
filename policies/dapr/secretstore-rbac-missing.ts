import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { daprApps } from "./dapr-apps.ts";
import { visibleTo } from "./dapr-components.ts";
import { mayGetSecrets, mountsToken, secretStores } from "./secret-store-access.ts";

export const secretstoreRbacMissing: Rule = {
  id: "dapr/secretstore-rbac-missing",
  summary:
    "A Kubernetes secret store used by an app whose ServiceAccount may not get Secrets, or whose pod mounts no token.",
  why: "The store reads Secrets with the app's own ServiceAccount token: without a Role and RoleBinding granting get on secrets (or without a token) every read is a 403 at runtime.",
  fix: "Bind the app's ServiceAccount to a Role that may get exactly the Secrets it reads (resourceNames), and leave automountServiceAccountToken on for that pod.",
  reference: "https://docs.dapr.io/reference/components-reference/supported-secret-stores/kubernetes-secret-store/",
  severity: "error in every profile",
  upstream: [{ repository: "kubernetes/client-go", tag: "v0.36.3", file: "rest/config.go", line: 553 }],
  check(set) {
    const found: Finding[] = [];
    for (const store of secretStores(set).filter(
      (component) => component.object.spec?.type === "secretstores.kubernetes",
    )) {
      for (const app of daprApps(set).filter((candidate) => visibleTo(store, candidate))) {
        const account = String(app.template.spec.serviceAccountName ?? app.template.spec.serviceAccount ?? "default");
        if (!mountsToken(set, app)) {
          found.push(
            finding(
              this,
              store,
              "error",
              "scopes",
              `app ${app.appId} uses secret store ${store.name} but its pod mounts no service account token`,
            ),
          );
          continue;
        }
        const bound = mayGetSecrets(set, app);
        if (!bound)
          found.push(
            finding(
              this,
              store,
              "error",
              "scopes",
              `app ${app.appId} uses secret store ${store.name}, but ServiceAccount ${app.namespace}/${account} may not get Secrets: every read is a 403`,
            ),
          );
      }
    }
    return found;
  },
};
