import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";

export const storeSameWave: Rule = {
  id: "secrets/store-same-wave",
  summary: "An ExternalSecret synced no later than the SecretStore or ClusterSecretStore it reads from.",
  why: 'External Secrets answers "could not get ClusterSecretStore" until the store is Ready, the ExternalSecret turns Degraded, and Argo CD can fail the sync that waits for its health.',
  fix: 'Give the store an earlier sync wave than its ExternalSecrets (argocd.argoproj.io/sync-wave: "-1"), or sync it in an earlier Application.',
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    {
      repository: "external-secrets/external-secrets",
      tag: "v2.9.0",
      file: "pkg/controllers/secretstore/client_manager.go",
      line: 39,
    },
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "resource_customizations/external-secrets.io/ExternalSecret/health.lua",
      line: 6,
    },
  ],
  check(set, profile) {
    const storeOf = (externalSecret: SetObject): SetObject | undefined => {
      const ref = (externalSecret.object.spec?.secretStoreRef ?? {}) as { kind?: string; name?: string };
      const kind = ref.kind ?? "SecretStore";
      return set
        .ofKind(kind, "external-secrets.io")
        .find(
          (store) =>
            store.name === ref.name && (kind === "ClusterSecretStore" || store.namespace === externalSecret.namespace),
        );
    };
    return set.ofKind("ExternalSecret", "external-secrets.io").flatMap((externalSecret) => {
      const store = storeOf(externalSecret);
      if (!store || set.compareWaves(store, externalSecret) < 0) return [];
      return [
        finding(
          this,
          externalSecret,
          strictOutsideDev(profile),
          "spec.secretStoreRef",
          `ExternalSecret ${externalSecret.namespace}/${externalSecret.name} syncs no later than ${store.kind} ${store.name}, which it reads from`,
        ),
      ];
    });
  },
};
