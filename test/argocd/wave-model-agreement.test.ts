// The wave model of `trellis check` against Argo CD's records: it agrees where Argo CD tracked the parents and waves
// the model predicts and kept its order, and fails on a wave, a parent or an order it did not keep.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ApplicationRecord } from "../../argocd/rehearse/argocd-sync.ts";
import { compareWaveModel } from "../../argocd/rehearse/wave-model-agreement.ts";
import { loadManifests } from "../../lib/manifests/load-manifests.ts";
import { ObjectSet } from "../../lib/policies/object-set.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const set = new ObjectSet(await loadManifests([join(PROJECT_ROOT, "deploy", "dev")], PROJECT_ROOT));
const applications = set.objects.filter((object) => object.kind === "Application");

/** Records as Argo CD would leave them had it followed the model: each wave created once the one before is Healthy. */
function faithfulRecords(): ApplicationRecord[] {
  const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, seconds)).toISOString();
  return applications.map((application) => {
    const parent = set.owner(application)?.name ?? "trellis-dev";
    const wave = set.wave(application).own;
    // Waves of one parent run from -10 upwards; each takes ten seconds; a parent's children start after it.
    const start = (set.owner(application) ? 300 : 0) + (wave + 10) * 10;
    return {
      name: application.name,
      parent,
      wave,
      sync: "Synced",
      health: "Healthy",
      createdAt: at(start),
      syncedAt: at(start + 5),
      healthyAt: at(start + 9),
      message: undefined,
    };
  });
}

describe("model:wave-order", () => {
  it("agrees with records that keep the model's parents, waves and order", () => {
    const check = compareWaveModel(set, "trellis-dev", faithfulRecords());
    expect(check.detail).toMatch(
      /agrees with Argo CD on \d+ Applications' parents and waves and on [1-9]\d* ordered pairs/,
    );
    expect(check.ok).toBe(true);
  });

  it("fails where Argo CD put an Application in another wave", () => {
    const records = faithfulRecords();
    const moved = { ...records[0]!, wave: records[0]!.wave + 7 };
    const check = compareWaveModel(set, "trellis-dev", [moved, ...records.slice(1)]);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(
      new RegExp(`${moved.name}: the model puts it in wave -?\\d+, Argo CD in ${moved.wave}`),
    );
  });

  it("fails where Argo CD created a later wave before an earlier one was Healthy", () => {
    const records = faithfulRecords();
    const [earlier, later] = [...records]
      .sort((a, b) => a.wave - b.wave)
      .filter((r) => r.parent === "trellis-dev")
      .slice(0, 2) as [ApplicationRecord, ApplicationRecord];
    expect(earlier.wave).toBeLessThan(later.wave);
    const hurried = records.map((record) =>
      record.name === later.name ? { ...record, createdAt: earlier.createdAt } : record,
    );
    const check = compareWaveModel(set, "trellis-dev", hurried);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain(`the model syncs ${earlier.name} before ${later.name}`);
  });

  it("fails where Argo CD tracked another parent", () => {
    const records = faithfulRecords().map((record) => ({ ...record, parent: "someone-else" }));
    expect(compareWaveModel(set, "trellis-dev", records).detail).toMatch(
      /the model has \S+ sync it, Argo CD tracked someone-else/,
    );
  });
});
