// The Dapr control plane Application: pinned chart, explicit values per environment, precise drift handling.
import { describe, expect, it } from "vitest";
import { CHARTS, IMAGES } from "../../versions.ts";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const dapr = (environment: string) => find(manifests, environment, "Application", "dapr");

describe("Dapr control plane", () => {
  it("installs the pinned chart with the sidecar image pinned to the same release", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      const { source } = dapr(environment).spec;
      expect(source).toMatchObject({
        repoURL: CHARTS.dapr.repoURL,
        chart: "dapr",
        targetRevision: CHARTS.dapr.version,
      });
      expect(source.helm.valuesObject.global).toMatchObject({ registry: IMAGES.dapr.registry, tag: IMAGES.dapr.tag });
    }
  });

  it("runs highly available with disruption budgets in prod only", () => {
    expect(dapr("prod").spec.source.helm.valuesObject.global.ha).toMatchObject({ enabled: true, replicaCount: 3 });
    expect(dapr("prod").spec.source.helm.valuesObject.global.ha.disruption.maximumUnavailable).toBe("25%");
    expect(dapr("staging").spec.source.helm.valuesObject.global.ha.enabled).toBe(false);
    expect(dapr("dev").spec.source.helm.valuesObject.global.ha.enabled).toBe(false);
  });

  it("keeps placement's Raft log in memory in every environment, so staging rehearses prod", () => {
    const mode = (environment: string) =>
      dapr(environment).spec.source.helm.valuesObject.dapr_placement.cluster.forceInMemoryLog;
    expect(["dev", "staging", "prod"].map(mode)).toEqual([true, true, true]);
  });

  it("logs JSON, exports metrics, enforces mTLS with a trust domain, and fixes the scheduler's storage", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      const values = dapr(environment).spec.source.helm.valuesObject;
      expect(values.global).toMatchObject({
        logAsJson: true,
        prometheus: { enabled: true },
        mtls: { enabled: true, controlPlaneTrustDomain: `${environment}.trellis` },
      });
      expect(values.dapr_scheduler.cluster.storageSize).toMatch(/^\d+Gi$/);
      expect(values.dapr_scheduler.cluster.inMemoryStorage).toBe(false);
    }
  });

  it("ignores exactly the fields Dapr writes at runtime, and keeps syncs from reverting them", () => {
    const application = dapr("prod").spec;
    const ignored = application.ignoreDifferences.map(
      (entry: { kind: string; name: string; jsonPointers: string[] }) =>
        `${entry.kind}/${entry.name}:${entry.jsonPointers.join(",")}`,
    );
    expect(ignored.sort()).toEqual([
      "ConfigMap/dapr-trust-bundle:/data",
      "CustomResourceDefinition/subscriptions.dapr.io:/spec/conversion/webhook/clientConfig/service/namespace,/spec/conversion/webhook/clientConfig/caBundle",
      "MutatingWebhookConfiguration/dapr-sidecar-injector:/webhooks/0/clientConfig/caBundle",
      "Secret/dapr-trust-bundle:/data",
    ]);
    expect(application.syncPolicy.syncOptions).toContain("RespectIgnoreDifferences=true");
    expect(application.syncPolicy.retry).toEqual({
      limit: 10,
      backoff: { duration: "30s", factor: 2, maxDuration: "10m" },
    });
  });

  it("installs the External Secrets Operator with server-side apply (its CRDs exceed the client-side limit) where secrets come from a vault", () => {
    for (const environment of ["staging", "prod"]) {
      const eso = find(manifests, environment, "Application", "external-secrets").spec;
      expect(eso.source).toMatchObject({ chart: "external-secrets", targetRevision: CHARTS.externalSecrets.version });
      expect(eso.syncPolicy.syncOptions).toContain("ServerSideApply=true");
      // Only the webhooks get a CA bundle written: chart 2.9.0 turns the CRDs' conversion webhook off.
      expect(eso.ignoreDifferences.map((entry: { kind: string }) => entry.kind)).toEqual([
        "ValidatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
      ]);
    }
    expect(
      manifests.some(
        (m) =>
          m.environment === "dev" && m.object.kind === "Application" && m.object.metadata.name === "external-secrets",
      ),
    ).toBe(false);
  });
});
