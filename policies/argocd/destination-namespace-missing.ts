import { destinationOf, projectGlob } from "../../argocd/project-permissions.ts";
import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { applications } from "./applications.ts";

export const destinationNamespaceMissing: Rule = {
  id: "argocd/destination-namespace-missing",
  summary:
    "An Application, or an ApplicationSet's template, without spec.destination.namespace, where its AppProject does not permit an empty namespace.",
  why: 'Argo CD checks the destination against the project as given, an empty namespace included, and only a "*" pattern matches the empty string: the Application is refused, its sync and health stay Unknown and it is never compared (argo-cd#11510). Every later wave waits on it.',
  fix: "Set spec.destination.namespace to a namespace the project's destinations list (objects without their own namespace land there).",
  reference: "argoproj/argo-cd#11510",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "util/argo/argo.go", line: 702 },
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "pkg/apis/application/v1alpha1/app_project_types.go",
      line: 513,
    },
    { issue: "argoproj/argo-cd#11510" },
  ],
  check(set) {
    const missing = (
      owner: SetObject,
      spec: Record<string, any> | undefined,
      path: string,
      what: string,
    ): Finding[] => {
      const destination = destinationOf({ spec });
      if (destination.namespace !== "") return [];
      const projectName = String(spec?.project ?? "");
      const project = set.find("AppProject", owner.namespace, projectName)[0];
      // Argo CD creates the "default" project with a {server: "*", namespace: "*"} destination; elsewhere-defined projects are unknown.
      const destinations =
        project?.object.spec?.destinations ?? (projectName === "default" ? [{ server: "*", namespace: "*" }] : []);
      // Only the namespace is at issue here: the cluster may be templated ({{.server}}) or checked by project-denies.
      if (
        (destinations as { namespace?: string }[]).some(
          (entry) => !String(entry.namespace ?? "").startsWith("!") && projectGlob(entry.namespace ?? "", ""),
        )
      )
        return [];
      const because = project
        ? `project ${projectName} lists no destination whose namespace matches ""`
        : `project ${projectName || "(none)"} is not in the checked files, and only a "*" destination would permit it`;
      return [
        finding(
          this,
          owner,
          "error",
          path,
          `${what} has no destination namespace; ${because}: Argo CD refuses it and never syncs`,
        ),
      ];
    };
    return [
      ...applications(set).flatMap((app) =>
        missing(app, app.object.spec, "spec.destination.namespace", `Application ${app.name}`),
      ),
      ...set
        .ofKind("ApplicationSet", "argoproj.io")
        .flatMap((appSet) =>
          missing(
            appSet,
            appSet.object.spec?.template?.spec,
            "spec.template.spec.destination.namespace",
            `every Application ApplicationSet ${appSet.name} generates`,
          ),
        ),
    ];
  },
};
