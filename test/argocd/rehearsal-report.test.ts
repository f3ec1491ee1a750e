// The rehearsal's JSON report carries what its readers rely on (engines as reported, Applications with wave and
// times, every pod with its mode, every check), and a rehearsal with one failed check does not pass. The
// ApplicationSet controller's reconcile line is read as Argo CD 3.5 writes it; the deletion-safety inventory fails
// once a workload is gone.
import { describe, expect, it } from "vitest";
import { passed, reportJson } from "../../argocd/rehearse/rehearsal-report.ts";
import type { Rehearsal } from "../../argocd/rehearse/rehearse.ts";
import { inventoryCheck, reconciledSince, workloadInventory } from "../../argocd/rehearse/deletion-step.ts";
import { upgradeCheck } from "../../argocd/rehearse/upgrade-step.ts";

const rehearsal: Rehearsal = {
  environment: "dev",
  created: 72,
  checks: [
    { name: "argocd-sync", ok: true, detail: "10 Applications Synced and Healthy" },
    { name: "cluster-unlabel", ok: true, detail: "all there" },
  ],
  secondPreviewChanges: 0,
  leftAfterDestroy: [],
  retained: [],
  releasedByStandIn: 0,
  applications: [
    {
      name: "dapr",
      parent: "dev-operators",
      wave: 0,
      sync: "Synced",
      health: "Healthy",
      createdAt: "2026-12-07T09:32:00Z",
      syncedAt: "2026-12-07T09:33:33Z",
      healthyAt: "2026-12-07T09:35:01Z",
      message: undefined,
    },
  ],
  processPods: [
    { namespace: "dapr-system", name: "dapr-sentry-1", ip: "10.244.1.130", ready: true, phase: "Running", restarts: 0 },
  ],
  simulatedPods: [{ namespace: "orders", name: "order-api-1", ready: true }],
  engines: { kubernetes: "v1.36.3", dapr: "1.18.3" },
};

describe("the rehearsal's JSON report", () => {
  it("lists engines, Applications, pods by mode and every check, and passes when every check does", () => {
    const report = reportJson(rehearsal);
    expect(report).toMatchObject({
      environment: "dev",
      passed: true,
      engines: { kubernetes: "v1.36.3", dapr: "1.18.3" },
      applications: [
        {
          name: "dapr",
          wave: 0,
          sync: "Synced",
          health: "Healthy",
          syncedAt: "2026-12-07T09:33:33Z",
          healthyAt: "2026-12-07T09:35:01Z",
        },
      ],
      pods: [
        { namespace: "dapr-system", name: "dapr-sentry-1", mode: "process", ready: true },
        { namespace: "orders", name: "order-api-1", mode: "simulated", ready: true },
      ],
    });
    expect((report.checks as { name: string }[]).map((check) => check.name)).toEqual([
      "argocd-sync",
      "cluster-unlabel",
      "second-preview",
      "destroy",
    ]);
  });

  it("does not pass with one failed check, and says so", () => {
    const failed = {
      ...rehearsal,
      checks: [...rehearsal.checks, { name: "appset-deletion", ok: false, detail: "gone: Namespace orders" }],
    };
    expect(passed(failed)).toBe(false);
    expect(reportJson(failed)).toMatchObject({ passed: false });
  });
});

describe("the ApplicationSet controller's reconcile line", () => {
  const line = (name: string, time: string) =>
    JSON.stringify({
      applicationset: { Namespace: "argocd", Name: name },
      level: "info",
      msg: "end reconcile in 229ms",
      time,
    });
  const since = Date.parse("2026-12-07T09:31:55.400Z");

  it("counts a reconcile of that ApplicationSet in the same second or later", () => {
    expect(reconciledSince(line("trellis", "2026-12-07T09:31:55Z"), "trellis", since)).toBe(true);
  });

  it("does not count an earlier reconcile, another ApplicationSet's, or another message", () => {
    expect(reconciledSince(line("trellis", "2026-12-07T09:31:54Z"), "trellis", since)).toBe(false);
    expect(reconciledSince(line("other", "2026-12-07T09:32:10Z"), "trellis", since)).toBe(false);
    expect(
      reconciledSince(
        line("trellis", "2026-12-07T09:32:10Z").replace("end reconcile", "start reconcile"),
        "trellis",
        since,
      ),
    ).toBe(false);
  });
});

describe("the upgrade check", () => {
  const record = (name: string, health = "Healthy") => ({ ...rehearsal.applications[0]!, name, health });
  const before = {
    revisions: new Map([["dev-apps", "aaa"]]),
    rollouts: new Map([["Deployment backends/redis", "1"]]),
  };
  const after = {
    revisions: new Map([["dev-apps", "bbb"]]),
    rollouts: new Map([["Deployment backends/redis", "2"]]),
  };

  it("passes when every Application settled on the new commit, naming what rolled", () => {
    const check = upgradeCheck("febebda214da0000", before, after, [record("dev-apps")], []);
    expect(check).toMatchObject({ name: "upgrade", ok: true });
    expect(check.detail).toContain("rolled: Deployment backends/redis (1 → 2)");
  });

  it("fails when an Application did not settle or never saw the new commit", () => {
    expect(upgradeCheck("febebda214da0000", before, after, [record("dev-apps", "Degraded")], []).ok).toBe(false);
    expect(upgradeCheck("febebda214da0000", before, after, [record("dev-apps")], ["dev-apps"]).ok).toBe(false);
  });
});

describe("the deletion-safety inventory", () => {
  const listing = (names: string[]) => ({
    code: 0,
    stderr: "",
    stdout: JSON.stringify({
      items: names.map((entry) => {
        const [kind, where] = entry.split(" ");
        const [namespace, name] = where!.includes("/") ? where!.split("/") : [undefined, where];
        return { kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
      }),
    }),
  });
  const before = new Set(["Namespace orders", "Deployment orders/order-api"]);

  it("passes while every namespace and workload is still there, leaving Argo CD's own namespace out", async () => {
    const kubectl = async () =>
      listing([
        "Namespace orders",
        "Namespace kube-system",
        "Deployment orders/order-api",
        "Deployment argocd/argocd-server",
      ]);
    const check = await inventoryCheck("appset-deletion", kubectl, "argocd", before, "ApplicationSet deleted", 2_000);
    expect(check).toMatchObject({ ok: true });
    expect([...(await workloadInventory(kubectl, "argocd"))].sort()).toEqual([...before].sort());
  });

  it("fails naming what is gone once a workload goes", async () => {
    const kubectl = async () => listing(["Namespace orders"]);
    const check = await inventoryCheck("appset-deletion", kubectl, "argocd", before, "ApplicationSet deleted");
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining("gone: Deployment orders/order-api") });
  });
});
