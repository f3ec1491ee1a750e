// What the apps layer guarantees for each app: Dapr annotations from the model, hardening, probes, budgets.
import { describe, expect, it } from "vitest";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();

describe("app workloads", () => {
  it("carry the Dapr sidecar annotations derived from app and environment", () => {
    const dev = find(manifests, "dev", "Deployment", "order-api").spec.template.metadata.annotations;
    expect(dev).toMatchObject({
      "dapr.io/enabled": "true",
      "dapr.io/app-id": "order-api",
      "dapr.io/app-port": "8080",
      "dapr.io/app-protocol": "http",
      "dapr.io/config": "order-api-config",
      "dapr.io/log-level": "debug",
      "dapr.io/enable-api-logging": "true",
      "dapr.io/sidecar-cpu-request": "50m",
      "dapr.io/sidecar-memory-limit": "512Mi",
    });
    const prod = find(manifests, "prod", "Deployment", "shipping-worker").spec.template.metadata.annotations;
    expect(prod["dapr.io/app-protocol"]).toBe("grpc");
    expect(prod["dapr.io/log-level"]).toBe("info");
    expect(prod["dapr.io/sidecar-memory-limit"]).toBe("1000Mi");
    expect(prod).not.toHaveProperty("dapr.io/enable-api-logging");
  });

  it("name a Configuration that the same environment renders in the app's namespace", () => {
    for (const deployment of manifests.filter((m) => m.layer === "apps" && m.object.kind === "Deployment")) {
      const name = deployment.object.spec.template.metadata.annotations["dapr.io/config"];
      const configuration = manifests.find(
        (m) =>
          m.environment === deployment.environment &&
          m.object.kind === "Configuration" &&
          m.object.metadata.name === name &&
          m.object.metadata.namespace === deployment.object.metadata.namespace,
      );
      expect(configuration?.object.metadata.name, `${deployment.environment}/${deployment.file}`).toBe(
        `${deployment.object.metadata.name}-config`,
      );
    }
  });

  it("take replicas per environment, with default covering the rest", () => {
    expect(find(manifests, "dev", "Deployment", "fulfillment-api").spec.replicas).toBe(1);
    expect(find(manifests, "staging", "Deployment", "fulfillment-api").spec.replicas).toBe(1);
    expect(find(manifests, "prod", "Deployment", "fulfillment-api").spec.replicas).toBe(3);
  });

  it("run hardened: non-root, no privilege escalation, read-only root, all capabilities dropped", () => {
    for (const deployment of manifests.filter((m) => m.object.kind === "Deployment")) {
      const pod = deployment.object.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(container.resources.requests).toHaveProperty("cpu");
        expect(container.resources.requests).toHaveProperty("memory");
        expect(container.resources.limits).toHaveProperty("memory");
        for (const probe of [container.readinessProbe, container.livenessProbe]) {
          expect(
            Object.keys(probe ?? {}).filter((key) => ["httpGet", "tcpSocket", "grpc"].includes(key)),
            deployment.file,
          ).toHaveLength(1);
        }
      }
    }
  });

  it("probe HTTP apps on their health path and gRPC apps with the gRPC health service", () => {
    const http = find(manifests, "dev", "Deployment", "payment-api").spec.template.spec.containers[0];
    expect(http.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http", scheme: "HTTP" });
    const grpc = find(manifests, "dev", "Deployment", "shipping-worker").spec.template.spec.containers[0];
    expect(grpc.readinessProbe.grpc).toEqual({ port: 50051 });
  });

  it("select pods by app name only, so selectors never change when code moves", () => {
    for (const kind of ["Deployment", "Service"]) {
      for (const manifest of manifests.filter((m) => m.object.kind === kind)) {
        const selector =
          kind === "Deployment" ? manifest.object.spec.selector.matchLabels : manifest.object.spec.selector;
        expect(selector).toEqual({ "app.kubernetes.io/name": manifest.object.metadata.name });
      }
    }
  });

  it("mount a service account token only where the app reads the Kubernetes secret store", () => {
    expect(find(manifests, "prod", "Deployment", "payment-api").spec.template.spec.automountServiceAccountToken).toBe(
      true,
    );
    expect(find(manifests, "prod", "Deployment", "order-api").spec.template.spec.automountServiceAccountToken).toBe(
      false,
    );
  });

  it("get a disruption budget exactly when they run more than one replica", () => {
    for (const deployment of manifests.filter((m) => m.layer === "apps" && m.object.kind === "Deployment")) {
      const budget = manifests.find(
        (m) =>
          m.environment === deployment.environment &&
          m.object.kind === "PodDisruptionBudget" &&
          m.object.metadata.name === deployment.object.metadata.name,
      );
      expect(budget !== undefined, `${deployment.environment}/${deployment.object.metadata.name}`).toBe(
        deployment.object.spec.replicas > 1,
      );
    }
  });
});
