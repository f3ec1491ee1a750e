// The wave-order check reads Argo CD's own times: a later wave's Application created before an earlier wave's
// sibling was Healthy is a violation; one created after, or under another parent, is not. The sync watch takes an
// Application as settled only once Argo CD compared it with the source its spec names now.
import { describe, expect, it } from "vitest";
import { waveOrderProblems, watchSync, type ApplicationRecord } from "../../argocd/rehearse/argocd-sync.ts";

const record = (
  name: string,
  wave: number,
  createdAt: string,
  healthyAt: string | undefined,
  parent = "root",
): ApplicationRecord => ({
  name,
  parent,
  wave,
  sync: "Synced",
  health: healthyAt ? "Healthy" : "Progressing",
  createdAt,
  syncedAt: createdAt,
  healthyAt,
  message: undefined,
});

describe("wave order", () => {
  it("accepts each wave created once the earlier ones were Healthy", () => {
    expect(
      waveOrderProblems([
        record("namespaces", 0, "2026-12-07T07:00:00Z", "2026-12-07T07:00:05Z"),
        record("cert-manager", 1, "2026-12-07T07:00:05Z", "2026-12-07T07:00:30Z"),
        record("runtime", 4, "2026-12-07T07:00:31Z", "2026-12-07T07:01:00Z"),
      ]),
    ).toEqual([]);
  });

  it("names a later wave created before an earlier one was Healthy, and one whose earlier wave never was", () => {
    expect(
      waveOrderProblems([
        record("namespaces", 0, "2026-12-07T07:00:00Z", "2026-12-07T07:00:10Z"),
        record("cert-manager", 1, "2026-12-07T07:00:05Z", "2026-12-07T07:00:30Z"),
        record("operators", 2, "2026-12-07T07:00:40Z", undefined),
        record("runtime", 4, "2026-12-07T07:00:50Z", undefined),
      ]),
    ).toEqual([
      "cert-manager (wave 1) was created at 2026-12-07T07:00:05Z, before namespaces (wave 0) was Healthy at 2026-12-07T07:00:10Z",
      "runtime (wave 4) was created at 2026-12-07T07:00:50Z, before operators (wave 2) was Healthy",
    ]);
  });

  it("compares only Applications of the same parent", () => {
    expect(
      waveOrderProblems([
        record("a", 0, "2026-12-07T07:00:00Z", "2026-12-07T07:00:10Z", "one"),
        record("b", 1, "2026-12-07T07:00:01Z", undefined, "other"),
      ]),
    ).toEqual([]);
  });
});

describe("watching the sync", () => {
  const source = { repoURL: "https://dapr.github.io/helm-charts/", chart: "dapr", helm: { valuesObject: { a: true } } };
  const listing = (comparedTo: unknown) => async () => ({
    code: 0,
    stderr: "",
    stdout: JSON.stringify({
      items: [
        {
          metadata: { name: "dapr", creationTimestamp: "2026-12-07T10:00:00Z" },
          spec: { source },
          status: {
            sync: { status: "Synced", comparedTo: { source: comparedTo } },
            health: { status: "Healthy", lastTransitionTime: "2026-12-07T10:01:00Z" },
          },
        },
      ],
    }),
  });
  const options = { deadlineMs: 5_000, stallMs: 300, log: () => {} };

  it("settles once an Application is Synced and Healthy against the source its spec names now", async () => {
    const [record] = await watchSync(listing(source), "argocd", ["dapr"], options);
    expect(record).toMatchObject({ sync: "Synced", health: "Healthy" });
  });

  it("does not take Synced for settled while Argo CD compared it with an older source", async () => {
    const older = { ...source, helm: { valuesObject: { a: false } } };
    const [record] = await watchSync(listing(older), "argocd", ["dapr"], options);
    expect(record?.sync).toBe("Synced (not compared with its current source)");
  });
});
