// `model:wave-order`: the ordering model that `trellis check`'s wave rules run without a cluster (lib/policies/
// object-set.ts: which Application syncs each file, and the wave it syncs in) against what the real Argo CD did in
// the rehearsal. For every Application of the environment's deploy/ folder, the model's parent and wave must be
// the ones Argo CD tracked, and wherever the model says one Application syncs strictly before another of the same
// parent, Argo CD must have had the first Healthy before it created the second.
import type { LoadedSet } from "../../lib/manifests/load-manifests.ts";
import { ObjectSet, type SetObject } from "../../lib/policies/object-set.ts";
import type { ApplicationRecord } from "./argocd-sync.ts";
import type { Check } from "./check.ts";

const NAME = "model:wave-order";

/**
 * Compares the model of an environment's loaded deploy/ folder with Argo CD's records of the install of that folder
 * (the first sync's: a later sync records when an Application became Healthy again, not first).
 */
export function waveModelAgreement(
  deploy: LoadedSet,
  environment: string,
  records: readonly ApplicationRecord[],
): Check {
  return compareWaveModel(new ObjectSet(deploy), `trellis-${environment}`, records);
}

/** The comparison itself: `rootApplication` is the one the ApplicationSet generates, outside the folder. */
export function compareWaveModel(
  set: ObjectSet,
  rootApplication: string,
  records: readonly ApplicationRecord[],
): Check {
  const applications = set.objects.filter((object) => object.kind === "Application");
  const live = new Map(records.map((record) => [record.name, record]));
  const problems: string[] = [];
  const modelParent = (application: SetObject) => set.owner(application)?.name ?? rootApplication;
  for (const application of applications) {
    const record = live.get(application.name);
    if (!record) {
      problems.push(`${application.name}: the model syncs it, Argo CD never created it`);
      continue;
    }
    if (record.parent !== modelParent(application))
      problems.push(
        `${application.name}: the model has ${modelParent(application)} sync it, Argo CD tracked ${record.parent ?? "none"}`,
      );
    if (record.wave !== set.wave(application).own)
      problems.push(
        `${application.name}: the model puts it in wave ${set.wave(application).own}, Argo CD in ${record.wave}`,
      );
  }
  let ordered = 0;
  for (const earlier of applications)
    for (const later of applications) {
      if (modelParent(earlier) !== modelParent(later) || set.compareWaves(earlier, later) >= 0) continue;
      const first = live.get(earlier.name);
      const second = live.get(later.name);
      if (!first || !second) continue;
      ordered += 1;
      if (!first.healthyAt || !second.createdAt || Date.parse(second.createdAt) < Date.parse(first.healthyAt))
        problems.push(
          `the model syncs ${earlier.name} before ${later.name}, but Argo CD created ${later.name} at ${second.createdAt ?? "no time"}, before ${earlier.name} was Healthy (${first.healthyAt ?? "never"})`,
        );
    }
  return {
    name: NAME,
    ok: problems.length === 0 && applications.length > 0,
    detail: problems.length
      ? problems.join("; ")
      : applications.length === 0
        ? "no Application in the folder"
        : `the wave model agrees with Argo CD on ${applications.length} Applications' parents and waves and on ${ordered} ordered pairs`,
  };
}
