// Secrets are readable by exactly who declares them: the secret store's RBAC, the sidecar's secret scopes and
// the cluster-wide Vault store's namespaces all follow the apps' `secrets` declarations.
import { describe, expect, it } from "vitest";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();

describe.each(["dev", "staging", "prod"])("secret access in %s", (environment) => {
  it("lets payment-api's ServiceAccount get exactly the Secret it declares, and nothing else", () => {
    expect(find(manifests, environment, "Role", "payment-api-secret-reader")).toMatchObject({
      metadata: { namespace: "orders" },
      rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["payment-provider"], verbs: ["get"] }],
    });
    expect(find(manifests, environment, "RoleBinding", "payment-api-secret-reader")).toMatchObject({
      metadata: { namespace: "orders" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "payment-api-secret-reader" },
      subjects: [{ kind: "ServiceAccount", name: "payment-api", namespace: "orders" }],
    });
    const roles = manifests
      .filter((m) => m.environment === environment && m.object.kind === "Role")
      .map((m) => m.object.metadata.name);
    expect(roles).toEqual(["payment-api-secret-reader"]);
  });

  it("denies payment-api's sidecar every secret of its store but the declared one, and every sidecar all of the built-in store", () => {
    expect(find(manifests, environment, "Configuration", "payment-api-config").spec.secrets).toEqual({
      scopes: [
        { storeName: "secretstore", defaultAccess: "deny", allowedSecrets: ["payment-provider"] },
        { storeName: "kubernetes", defaultAccess: "deny" },
      ],
    });
    expect(find(manifests, environment, "Configuration", "order-api-config").spec.secrets).toEqual({
      scopes: [{ storeName: "kubernetes", defaultAccess: "deny" }],
    });
  });

  it("turns the built-in Kubernetes secret store off in every Dapr pod, so a pod without a token still starts its sidecar", () => {
    const pods = manifests.filter(
      (m) =>
        m.environment === environment &&
        m.object.kind === "Deployment" &&
        m.object.spec.template.metadata.annotations?.["dapr.io/enabled"] === "true",
    );
    expect(pods.map((m) => m.object.metadata.name).sort()).toEqual([
      "fulfillment-api",
      "order-api",
      "payment-api",
      "shipping-worker",
    ]);
    for (const pod of pods)
      expect(pod.object.spec.template.metadata.annotations["dapr.io/disable-builtin-k8s-secret-store"], pod.file).toBe(
        "true",
      );
  });

  it("mounts a service account token only where the Kubernetes secret store needs it", () => {
    const mounted = manifests
      .filter(
        (m) =>
          m.environment === environment &&
          m.layer === "apps" &&
          m.object.kind === "Deployment" &&
          m.object.spec.template.spec.automountServiceAccountToken === true,
      )
      .map((m) => m.object.metadata.name);
    expect(mounted).toEqual(["payment-api"]);
  });
});

describe("the cluster-wide Vault store", () => {
  it.each(["staging", "prod"])("in %s serves only the namespaces whose Secrets it delivers", (environment) => {
    expect(find(manifests, environment, "ClusterSecretStore", "vault").spec.conditions).toEqual([
      { namespaces: ["orders", "shipping"] },
    ]);
  });
});
