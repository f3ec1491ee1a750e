import { isTruthy } from "../../runtime/dapr-facts.ts";
import { finding, strictOutsideDev, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { annotationPath, daprApps } from "./dapr-apps.ts";
import { visibleTo } from "./dapr-components.ts";
import { DISABLE_BUILTIN_STORE, mayGetSecrets, mountsToken, secretStores } from "./secret-store-access.ts";

/** The secret store daprd adds by itself in Kubernetes mode (dapr/dapr v1.18.3 pkg/runtime/runtime.go appendBuiltinSecretStore). */
const BUILTIN_SECRET_STORE = "kubernetes";

export const secretScopesMissing: Rule = {
  id: "dapr/secret-scopes-missing",
  summary:
    'An app that can use a secret store (a scoped secret-store Component, or the built-in "kubernetes" store while its sidecar keeps it and its token may get Secrets) whose Configuration has no secrets.scopes entry for it with defaultAccess: deny.',
  why: "Without a scope the sidecar serves every secret the store can read to the app (and to anything that can call its API), not only the ones it needs.",
  fix: "Add spec.secrets.scopes: [{storeName: <store>, defaultAccess: deny, allowedSecrets: [...]}] to the app's Configuration.",
  reference: "https://docs.dapr.io/operations/configuration/secret-scope/",
  severity: "warning in dev, error in staging and prod",
  upstream: [{ repository: "dapr/dapr", tag: "v1.18.3", file: "pkg/config/configuration.go", line: 788 }],
  check(set, profile) {
    const found: Finding[] = [];
    for (const app of daprApps(set)) {
      const stores = secretStores(set)
        .filter((store) => visibleTo(store, app))
        .map((store) => store.name);
      // The built-in store serves every Secret the pod's token may read: it matters when the sidecar keeps it, has a
      // token, and that token may get Secrets.
      if (!isTruthy(app.annotations[DISABLE_BUILTIN_STORE]) && mountsToken(set, app) && mayGetSecrets(set, app))
        stores.push(BUILTIN_SECRET_STORE);
      if (stores.length === 0) continue;
      const configuration = set.find("Configuration", app.namespace, app.annotations["dapr.io/config"] ?? "")[0];
      const scopes = (configuration?.object.spec?.secrets?.scopes ?? []) as {
        storeName?: string;
        defaultAccess?: string;
      }[];
      for (const store of [...new Set(stores)]) {
        const scope = scopes.find((candidate) => candidate.storeName === store);
        if (scope && String(scope.defaultAccess).toLowerCase() === "deny") continue;
        found.push(
          configuration
            ? finding(
                this,
                configuration,
                strictOutsideDev(profile),
                "spec.secrets.scopes",
                `app ${app.appId} can read every secret of store ${store}: no scope with defaultAccess: deny`,
              )
            : finding(
                this,
                app.workload,
                strictOutsideDev(profile),
                annotationPath(app, "dapr.io/config"),
                `app ${app.appId} can read every secret of store ${store}: its Configuration is not in the set`,
              ),
        );
      }
    }
    return found;
  },
};
