import { RESOURCES_FINALIZER } from "../../argocd/argocd-facts.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { applications } from "./applications.ts";

export const syncPolicy: Rule = {
  id: "argocd/sync-policy",
  summary: "An Application without retry or without the resources finalizer.",
  why: "A first sync that fails (CRD or webhook not ready) is not retried for the same commit; without the finalizer, deleting the Application orphans what it installed.",
  fix: "Add spec.syncPolicy.retry with backoff and metadata.finalizers: [resources-finalizer.argocd.argoproj.io].",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/",
  severity: "warning",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/appcontroller.go", line: 2395 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "pkg/apis/application/v1alpha1/types.go", line: 3575 },
  ],
  check(set) {
    return applications(set).flatMap((app) => [
      ...(app.object.spec?.syncPolicy?.retry
        ? []
        : [
            finding(
              this,
              app,
              "warning",
              "spec.syncPolicy.retry",
              `Application ${app.name} does not retry failed syncs`,
            ),
          ]),
      ...(((app.object.metadata?.finalizers ?? []) as string[]).some((f) => f.startsWith(RESOURCES_FINALIZER))
        ? []
        : [finding(this, app, "warning", "metadata.finalizers", `Application ${app.name} has no resources finalizer`)]),
    ]);
  },
};
