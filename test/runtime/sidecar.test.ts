// Sidecar settings derived per app: memory-aware Go GC, graceful shutdown inside the pod's grace period, app health checks.
import { describe, expect, it } from "vitest";
import { goMemLimit, memoryBytes } from "../../lib/model/quantity.ts";
import { readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const apps = manifests.filter((m) => m.layer === "apps" && m.object.kind === "Deployment");

describe("sidecar settings", () => {
  it("sets GOMEMLIMIT to about 90% of the sidecar memory limit", () => {
    expect(apps.length).toBeGreaterThan(0);
    for (const { object, file } of apps) {
      const annotations = object.spec.template.metadata.annotations;
      const limit = memoryBytes(annotations["dapr.io/sidecar-memory-limit"]);
      const match = /^GOMEMLIMIT=(\d+)MiB$/.exec(annotations["dapr.io/env"]);
      expect(match, file).not.toBeNull();
      const share = (Number(match?.[1]) * 2 ** 20) / limit;
      expect(share, file).toBeGreaterThan(0.88);
      expect(share, file).toBeLessThanOrEqual(0.9);
    }
  });

  it("computes GOMEMLIMIT from binary and decimal quantities", () => {
    expect(goMemLimit("1000Mi")).toBe("900MiB");
    expect(goMemLimit("1Gi")).toBe("921MiB");
    expect(goMemLimit("512M")).toBe("439MiB");
  });

  it("lets the sidecar drain within the pod's grace period", () => {
    for (const { object, file } of apps) {
      const seconds = Number(object.spec.template.metadata.annotations["dapr.io/graceful-shutdown-seconds"]);
      expect(seconds, file).toBeGreaterThan(0);
      expect(object.spec.template.spec.terminationGracePeriodSeconds, file).toBeGreaterThan(seconds);
    }
  });

  it("checks app health through the app's HTTP health path, and only where it has one", () => {
    for (const { object, file } of apps) {
      const annotations = object.spec.template.metadata.annotations;
      const httpGet = object.spec.template.spec.containers[0].readinessProbe.httpGet;
      if (httpGet) {
        expect(annotations["dapr.io/enable-app-health-check"], file).toBe("true");
        expect(annotations["dapr.io/app-health-check-path"], file).toBe(httpGet.path);
      } else {
        expect(annotations, file).not.toHaveProperty("dapr.io/enable-app-health-check");
      }
    }
  });
});
