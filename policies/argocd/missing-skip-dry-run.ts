import { syncOptions } from "../../lib/policies/object-set.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { customResources, installers } from "./crd-installers.ts";

export const missingSkipDryRun: Rule = {
  id: "argocd/missing-skip-dry-run",
  summary: "A custom resource whose CRD comes from another Application, without SkipDryRunOnMissingResource=true.",
  why: "Argo CD dry-runs every resource before the sync starts; a CRD that does not exist yet fails the whole sync.",
  fix: "Add SkipDryRunOnMissingResource=true to the Application's syncOptions or to the object's sync-options annotation.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/",
  severity: "warning",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1067 },
  ],
  check(set) {
    const byGroup = installers(set);
    return customResources(set).flatMap((object) => {
      const installedBy = byGroup.get(object.group) ?? [];
      const elsewhere =
        installedBy.length > 0 &&
        installedBy.every(
          (installer) => (installer.kind === "Application" ? installer : set.owner(installer)) !== set.owner(object),
        );
      const options = [...syncOptions(set.owner(object)), ...syncOptions(object)];
      return elsewhere && !options.includes("SkipDryRunOnMissingResource=true")
        ? [
            finding(
              this,
              object,
              "warning",
              "",
              `${object.kind} ${object.name} needs a CRD another Application installs, and its sync does not skip the dry run`,
            ),
          ]
        : [];
    });
  },
};
