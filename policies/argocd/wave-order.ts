import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { customResources, installers } from "./crd-installers.ts";

export const waveOrder: Rule = {
  id: "argocd/wave-order",
  summary: "A custom resource synced no later than the Application or object that installs its CRD.",
  why: 'The apply fails with "the server could not find the requested resource" until a retry happens to come after the CRD.',
  fix: "Move the custom resource to a later wave or Application than its CRD's installer.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_tasks.go", line: 41 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1078 },
  ],
  check(set) {
    const byGroup = installers(set);
    return customResources(set).flatMap((object) => {
      const installedBy = byGroup.get(object.group) ?? [];
      if (installedBy.length === 0) return [];
      // Inside one Application, Argo CD applies CRDs before the custom resources of the same wave.
      const sameApplication = (installer: SetObject) =>
        installer.kind === "CustomResourceDefinition" &&
        set.owner(installer) === set.owner(object) &&
        set.compareWaves(installer, object) <= 0;
      if (installedBy.some((installer) => sameApplication(installer) || set.compareWaves(installer, object) < 0))
        return [];
      const first = installedBy[0] as SetObject;
      return [
        finding(
          this,
          object,
          "error",
          "",
          `${object.kind} (${object.group}) syncs no later than ${first.kind} ${first.name}, which installs its CRD`,
        ),
      ];
    });
  },
};
