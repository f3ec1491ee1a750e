import { finding, strictOutsideDev, type Rule } from "../../lib/policies/rule.ts";

export const clusterStoreUnrestricted: Rule = {
  id: "secrets/cluster-store-unrestricted",
  summary: "A ClusterSecretStore without spec.conditions limiting the namespaces that may use it.",
  why: "Any namespace can create an ExternalSecret against it and read any key the store's credentials reach.",
  fix: "Add spec.conditions: [{namespaces: [...]}] (or namespaceSelector) listing the namespaces that read secrets from it.",
  reference: "https://external-secrets.io/latest/api/clustersecretstore/",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    {
      repository: "external-secrets/external-secrets",
      tag: "v2.9.0",
      file: "pkg/controllers/secretstore/client_manager.go",
      line: 232,
    },
  ],
  check(set, profile) {
    return set
      .ofKind("ClusterSecretStore")
      .filter((store) => {
        const conditions = (store.object.spec?.conditions ?? []) as {
          namespaces?: unknown[];
          namespaceSelector?: unknown;
          namespaceRegexes?: unknown[];
        }[];
        return !conditions.some(
          (condition) =>
            (condition.namespaces ?? []).length > 0 ||
            condition.namespaceSelector !== undefined ||
            (condition.namespaceRegexes ?? []).length > 0,
        );
      })
      .map((store) =>
        finding(
          this,
          store,
          strictOutsideDev(profile),
          "spec.conditions",
          `ClusterSecretStore ${store.name} serves every namespace`,
        ),
      );
  },
};
