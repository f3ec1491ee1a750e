// Access control is derived from the invocation graph: only declared callers reach declared methods.
import { describe, expect, it } from "vitest";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const configurations = manifests.filter((m) => m.object.kind === "Configuration");

describe("Dapr Configuration access control", () => {
  it.each(["staging", "prod"])(
    "payment-api denies by default in %s and allows exactly order-api POST charge",
    (environment) => {
      const { accessControl } = find(manifests, environment, "Configuration", "payment-api-config").spec;
      expect(accessControl.defaultAction).toBe("deny");
      expect(accessControl.policies).toEqual([
        {
          appId: "order-api",
          namespace: "orders",
          trustDomain: `${environment}.trellis`,
          defaultAction: "deny",
          operations: [{ name: "/charge", httpVerb: ["POST"], action: "allow" }],
        },
      ]);
    },
  );

  it("allows by default in dev, where undeclared calls are logged rather than refused", () => {
    expect(find(manifests, "dev", "Configuration", "payment-api-config").spec.accessControl.defaultAction).toBe(
      "allow",
    );
  });

  it("gives apps nobody invokes no policies, so in staging and prod nobody can invoke them", () => {
    for (const environment of ["staging", "prod"]) {
      for (const app of ["order-api", "shipping-worker"]) {
        const { accessControl } = find(manifests, environment, "Configuration", `${app}-config`).spec;
        expect(accessControl).toMatchObject({ defaultAction: "deny", policies: [] });
      }
    }
  });

  it("puts every app of an environment in the control plane's trust domain", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      const trustDomain = find(manifests, environment, "Application", "dapr").spec.source.helm.valuesObject.global.mtls
        .controlPlaneTrustDomain;
      for (const configuration of configurations.filter((m) => m.environment === environment)) {
        expect(configuration.object.spec.accessControl.trustDomain, configuration.file).toBe(trustDomain);
        for (const policy of configuration.object.spec.accessControl.policies)
          expect(policy.trustDomain).toBe(trustDomain);
      }
    }
  });

  it("never puts mtls into an app Configuration (dapr/dapr#8716)", () => {
    expect(configurations.length).toBeGreaterThan(0);
    for (const configuration of configurations)
      expect(configuration.object.spec, configuration.file).not.toHaveProperty("mtls");
  });

  it("names in each policy the namespace its caller's Deployment runs in", () => {
    for (const configuration of configurations) {
      for (const policy of configuration.object.spec.accessControl.policies) {
        const caller = find(manifests, configuration.environment, "Deployment", policy.appId);
        expect(policy.namespace).toBe(caller.metadata.namespace);
      }
    }
  });
});
