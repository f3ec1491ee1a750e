import { RESOURCES_FINALIZER } from "../../argocd/argocd-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

/** Sync policies under which the ApplicationSet controller never deletes a generated Application. */
const KEEPS_APPLICATIONS = new Set(["create-only", "create-update"]);

export const appsetCascadeDelete: Rule = {
  id: "argocd/appset-cascade-delete",
  summary:
    "An ApplicationSet whose generated Applications carry the resources finalizer while its sync policy lets the controller delete them.",
  why: "preserveResourcesOnDeletion only stops the controller from adding the finalizer; a template that writes it keeps it. When the ApplicationSet is deleted or replaced, or its generator stops matching (a relabelled cluster Secret), each generated Application is deleted and its finalizer deletes everything it installed: namespaces, volumes, CRDs. applicationsSync create-update (honoured while the controller allows policy overrides, its default) keeps the Applications instead.",
  fix: "Set spec.syncPolicy.applicationsSync: create-update, and leave the resources finalizer out of the template with spec.syncPolicy.preserveResourcesOnDeletion: true so the controller does not add it.",
  reference: "https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Application-Deletion/",
  severity: "error in prod, warning otherwise",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "applicationset/utils/utils.go", line: 299 },
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "applicationset/controllers/applicationset_controller.go",
      line: 153,
    },
  ],
  check(set, profile) {
    return set.ofKind("ApplicationSet", "argoproj.io").flatMap((appSet) => {
      const syncPolicy = appSet.object.spec?.syncPolicy ?? {};
      const written = ((appSet.object.spec?.template?.metadata?.finalizers ?? []) as string[]).some((name) =>
        name.startsWith(RESOURCES_FINALIZER),
      );
      // The controller adds the finalizer to a template without finalizers unless preserveResourcesOnDeletion is true.
      const added =
        ((appSet.object.spec?.template?.metadata?.finalizers ?? []) as string[]).length === 0 &&
        syncPolicy.preserveResourcesOnDeletion !== true;
      if ((!written && !added) || KEEPS_APPLICATIONS.has(String(syncPolicy.applicationsSync ?? "sync"))) return [];
      const severity = profile === "prod" ? "error" : "warning";
      const how = written
        ? "its template writes the resources finalizer"
        : "the controller adds the resources finalizer (preserveResourcesOnDeletion is not true)";
      return [
        finding(
          this,
          appSet,
          severity,
          written ? "spec.template.metadata.finalizers" : "spec.syncPolicy.preserveResourcesOnDeletion",
          `deleting ApplicationSet ${appSet.name}, or a generator that stops matching, deletes everything its Applications installed: ${how} and applicationsSync is "${syncPolicy.applicationsSync ?? "sync"}"`,
        ),
      ];
    });
  },
};
