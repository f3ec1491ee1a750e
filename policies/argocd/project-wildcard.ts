import { finding, strictOutsideDev, type Finding, type Rule } from "../../lib/policies/rule.ts";

export const projectWildcard: Rule = {
  id: "argocd/project-wildcard",
  summary: "An AppProject allowing any source repository, any destination, or any cluster resource.",
  why: "Any Application in the project can deploy anything anywhere, including cluster-wide RBAC.",
  fix: "List the repositories, destination namespaces and cluster-scoped kinds the project needs.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/projects/",
  severity: "warning in dev, error in staging and prod",
  upstream: [
    {
      repository: "argoproj/argo-cd",
      tag: "v3.5.1",
      file: "pkg/apis/application/v1alpha1/app_project_types.go",
      line: 451,
    },
  ],
  check(set, profile) {
    return set.ofKind("AppProject", "argoproj.io").flatMap((project) => {
      const spec = project.object.spec ?? {};
      const found: Finding[] = [];
      if (((spec.sourceRepos ?? []) as string[]).includes("*"))
        found.push(
          finding(this, project, strictOutsideDev(profile), "spec.sourceRepos", "any repository may be a source"),
        );
      if (
        ((spec.destinations ?? []) as { namespace?: string; server?: string; name?: string }[]).some(
          (d) => d.namespace === "*" || d.server === "*" || d.name === "*",
        )
      ) {
        found.push(
          finding(this, project, strictOutsideDev(profile), "spec.destinations", "any destination is allowed"),
        );
      }
      if (
        ((spec.clusterResourceWhitelist ?? []) as { group?: string; kind?: string }[]).some(
          (entry) => entry.group === "*" && entry.kind === "*",
        )
      ) {
        found.push(
          finding(
            this,
            project,
            strictOutsideDev(profile),
            "spec.clusterResourceWhitelist",
            "any cluster-scoped resource is allowed",
          ),
        );
      }
      return found;
    });
  },
};
