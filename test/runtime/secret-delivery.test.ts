// Secret delivery: staging and prod pull every referenced Secret through External Secrets; dev's come from the bootstrap.
import { describe, expect, it } from "vitest";
import { loadDeclarations } from "../../lib/declarations/load-declarations.ts";
import { resolvePlatform } from "../../lib/model/resolve.ts";
import { readManifests } from "../support/manifests.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const manifests = await readManifests();

/** namespace/name of every Secret a rendered object reads. */
function referencedSecrets(environment: string): string[] {
  const names = new Set<string>();
  for (const { object } of manifests.filter((m) => m.environment === environment)) {
    if (object.kind === "Component") {
      for (const item of object.spec.metadata)
        if (item.secretKeyRef) names.add(`${object.metadata.namespace}/${item.secretKeyRef.name}`);
    }
    // Secrets an app reads through the Kubernetes secret store: its Role names them.
    if (object.kind === "Role") {
      for (const rule of object.rules)
        if (rule.resources.includes("secrets"))
          for (const name of rule.resourceNames ?? []) names.add(`${object.metadata.namespace}/${name}`);
    }
    if (object.kind === "Deployment") {
      for (const container of object.spec.template.spec.containers) {
        for (const env of container.env ?? [])
          if (env.valueFrom?.secretKeyRef) names.add(`${object.metadata.namespace}/${env.valueFrom.secretKeyRef.name}`);
      }
    }
  }
  return [...names].sort();
}

describe("secret delivery", () => {
  it.each(["staging", "prod"])(
    "renders one ExternalSecret per referenced Secret in %s, from the environment's ClusterSecretStore",
    (environment) => {
      const externalSecrets = manifests.filter(
        (m) => m.environment === environment && m.object.kind === "ExternalSecret",
      );
      const stores = manifests.filter((m) => m.environment === environment && m.object.kind === "ClusterSecretStore");
      expect(stores.map((m) => m.object.metadata.name)).toEqual(["vault"]);
      expect(externalSecrets.map((m) => `${m.object.metadata.namespace}/${m.object.spec.target.name}`).sort()).toEqual(
        referencedSecrets(environment),
      );
      for (const { object } of externalSecrets) {
        expect(object.spec.secretStoreRef).toEqual({ kind: "ClusterSecretStore", name: "vault" });
        for (const item of object.spec.data)
          expect(item.remoteRef.key).toBe(`trellis/${environment}/${object.metadata.name}`);
      }
    },
  );

  it.each(["staging", "prod"])(
    "syncs %s's ClusterSecretStore a wave before its ExternalSecrets, so they never look for a store not yet Ready",
    (environment) => {
      const wave = (object: { metadata: { annotations?: Record<string, string> } }) =>
        Number(object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0);
      const ofKind = (kind: string) =>
        manifests.filter((m) => m.environment === environment && m.object.kind === kind).map((m) => m.object);
      const [store] = ofKind("ClusterSecretStore");
      const externalSecrets = ofKind("ExternalSecret");
      expect(store).toBeDefined();
      expect(externalSecrets.length).toBeGreaterThan(0);
      for (const externalSecret of externalSecrets) expect(wave(store!)).toBeLessThan(wave(externalSecret));
    },
  );

  it("renders no ExternalSecret in dev and lists every referenced Secret in the model for the bootstrap to create", async () => {
    expect(manifests.some((m) => m.environment === "dev" && m.object.kind === "ExternalSecret")).toBe(false);
    const dev = resolvePlatform(await loadDeclarations(PROJECT_ROOT)).environments.find((e) => e.name === "dev");
    expect(dev?.secrets.delivery.provider).toBe("bootstrap");
    expect(dev?.secrets.secrets.map((s) => `${s.namespace}/${s.name}`)).toEqual(referencedSecrets("dev"));
  });

  it("runs dev's Redis in the cluster, with its password from the same Secret name the components read", () => {
    const redis = manifests.find(
      (m) => m.environment === "dev" && m.object.kind === "Deployment" && m.object.metadata.name === "redis",
    );
    expect(redis?.object.spec.template.spec.containers[0].image).toMatch(/^docker\.io\/library\/redis:\d+\.\d+\.\d+/);
    const service = manifests.find(
      (m) => m.environment === "dev" && m.object.kind === "Service" && m.object.metadata.name === "redis",
    );
    const address = `redis.${service?.object.metadata.namespace}.svc.cluster.local:${service?.object.spec.ports[0].port}`;
    for (const component of manifests.filter(
      (m) => m.environment === "dev" && m.object.kind === "Component" && /\.redis$/.test(m.object.spec.type),
    )) {
      const metadata = component.object.spec.metadata;
      expect(metadata.find((item: { name: string }) => item.name === "redisHost").value).toBe(address);
      expect(metadata.find((item: { name: string }) => item.name === "redisPassword").secretKeyRef.name).toBe(
        redis?.object.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name,
      );
    }
  });

  it("keeps exactly one actor state store per namespace that runs actors", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      const stores = manifests.filter(
        (m) =>
          m.environment === environment &&
          m.object.kind === "Component" &&
          m.object.spec.metadata.some(
            (item: { name: string; value?: string }) => item.name === "actorStateStore" && item.value === "true",
          ),
      );
      expect(stores.map((m) => `${m.object.metadata.namespace}/${m.object.metadata.name}`)).toEqual([
        "orders/statestore",
      ]);
    }
  });
});
