// The Application health check the bootstrap puts in argocd-cm, run by Argo CD's own health engine: a parent's
// wave waits until each child is synced to its current target, and only a sync that failed for good is Degraded.
import { describe, expect, inject, it } from "vitest";
import { HEALTH_CHECKS } from "../../argocd/bootstrap/health-checks.ts";
import { assessHealth } from "../../lib/tools/argocd-health.ts";
import { overridesOf } from "../../argocd/gates/health.ts";

const argocdHealth = inject("argocdHealth");
const source = (revision: string) => ({
  repoURL: "https://example.com/platform.git",
  path: "deploy/prod/apps",
  targetRevision: revision,
});

/** A child Application: its spec targets `wanted`; its status says what was last compared and synced. */
function child(options: {
  wanted?: string;
  compared?: string;
  sync?: string;
  health?: string;
  phase?: string;
  operation?: boolean;
  status?: boolean;
}) {
  const {
    wanted = "v2",
    compared = wanted,
    sync = "Synced",
    health = "Healthy",
    phase,
    operation = false,
    status = true,
  } = options;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "prod-apps", namespace: "argocd" },
    spec: {
      project: "trellis-prod",
      source: source(wanted),
      destination: { server: "https://kubernetes.default.svc", namespace: "orders" },
    },
    ...(operation ? { operation: { sync: { revision: wanted } } } : {}),
    ...(status
      ? {
          status: {
            sync: {
              status: sync,
              revision: "abc123",
              comparedTo: {
                source: source(compared),
                destination: { server: "https://kubernetes.default.svc", namespace: "orders" },
              },
            },
            health: {
              status: health,
              message: health === "Degraded" ? "Deployment orders/order-api has timed out progressing" : "",
            },
            ...(phase
              ? {
                  operationState: {
                    phase,
                    message: phase === "Failed" ? "one or more objects failed to apply" : "",
                    syncResult: { revision: "abc123" },
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

async function healthOf(object: object) {
  const [result] = await assessHealth(argocdHealth, { overrides: overridesOf(HEALTH_CHECKS), objects: [object] });
  return `${result?.status}: ${result?.message}`;
}

describe("the Application health check", () => {
  it.each([
    ["synced to its current source and healthy", child({ phase: "Succeeded" }), "Healthy: "],
    ["never reconciled", child({ status: false }), "Progressing: not reconciled yet"],
    ["a sync requested", child({ operation: true }), "Progressing: a sync is requested"],
    ["a sync running (or retrying)", child({ phase: "Running" }), "Progressing: sync Running"],
    [
      "bumped to a new revision the controller has not compared yet",
      child({ wanted: "v2", compared: "v1", phase: "Succeeded" }),
      "Progressing: not compared with its current source yet",
    ],
    ["out of sync", child({ sync: "OutOfSync" }), "Progressing: sync status OutOfSync"],
    [
      "synced but its last sync failed for good",
      child({ phase: "Failed" }),
      "Degraded: last sync Failed: one or more objects failed to apply",
    ],
    [
      "synced and its workloads degraded",
      child({ health: "Degraded", phase: "Succeeded" }),
      "Degraded: Deployment orders/order-api has timed out progressing",
    ],
  ])("%s", async (_case, object, expected) => {
    expect(await healthOf(object)).toBe(expected);
  });

  it("waits for a values-only change of a chart: the source it was compared with must be the same in every field", async () => {
    const chart = (values: object) => ({
      repoURL: "https://charts.example.com",
      chart: "x",
      targetRevision: "1.0.0",
      helm: { releaseName: "x", valuesObject: values },
    });
    const object = child({ phase: "Succeeded" }) as Record<string, any>;
    object.spec.source = chart({ replicas: 3, image: { tag: "1.2.0" } });
    object.status.sync.comparedTo.source = chart({ replicas: 3, image: { tag: "1.1.0" } });
    expect(await healthOf(JSON.parse(JSON.stringify(object)))).toBe(
      "Progressing: not compared with its current source yet",
    );
    object.status.sync.comparedTo.source = chart({ image: { tag: "1.2.0" }, replicas: 3 });
    expect(await healthOf(JSON.parse(JSON.stringify(object)))).toBe("Healthy: ");
  });

  it("names the objects that keep a child out of sync, those that need a prune it does not do first", async () => {
    const object = child({ sync: "OutOfSync" }) as Record<string, any>;
    object.status.resources = [
      { kind: "Deployment", namespace: "orders", name: "order-api", status: "Synced" },
      { kind: "Component", namespace: "orders", name: "old-cache", status: "OutOfSync", requiresPruning: true },
      { kind: "ConfigMap", namespace: "orders", name: "settings", status: "OutOfSync" },
    ];
    expect(await healthOf(JSON.parse(JSON.stringify(object)))).toBe(
      "Progressing: sync status OutOfSync: Component orders/old-cache (requires pruning), ConfigMap orders/settings",
    );
  });

  it("compares every source of a multi-source Application", async () => {
    const object = child({ phase: "Succeeded" }) as Record<string, any>;
    object.spec = {
      ...object.spec,
      source: undefined,
      sources: [source("v2"), { repoURL: "https://charts.example.com", chart: "x", targetRevision: "1.0.0" }],
    };
    object.status.sync.comparedTo = {
      sources: [source("v2"), { repoURL: "https://charts.example.com", chart: "x", targetRevision: "0.9.0" }],
    };
    expect(await healthOf(JSON.parse(JSON.stringify(object)))).toBe(
      "Progressing: not compared with its current source yet",
    );
  });
});
