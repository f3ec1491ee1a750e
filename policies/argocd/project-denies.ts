import {
  describeDestination,
  destinationOf,
  globMatches,
  isDestinationPermitted,
} from "../../argocd/project-permissions.ts";
import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { applications } from "./applications.ts";

export const projectDenies: Rule = {
  id: "argocd/project-denies",
  summary:
    "An Application whose destination or source repository its AppProject does not permit, or an object it syncs in a namespace or of a cluster-scoped kind the project does not allow.",
  why: "Argo CD checks every object against the project before it applies anything and refuses the whole sync: one chart object in `default` stops the Application, and its wave with it.",
  fix: "Add the namespace to the project's destinations or the kind to clusterResourceWhitelist, or keep the object out (for a chart: turn it off in the values).",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/projects/",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/sync.go", line: 658 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "controller/sync.go", line: 667 },
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "util/argo/argo.go", line: 702 },
  ],
  check(set) {
    const found: Finding[] = [];
    const projectOf = (app: SetObject) =>
      set.find("AppProject", app.namespace, String(app.object.spec?.project ?? ""))[0];
    for (const app of applications(set)) {
      const project = projectOf(app);
      if (!project) continue;
      const spec = project.object.spec ?? {};
      const sources = [app.object.spec?.source, ...((app.object.spec?.sources ?? []) as unknown[])].filter(Boolean) as {
        repoURL?: string;
      }[];
      sources.forEach((source, index) => {
        if (!((spec.sourceRepos ?? []) as string[]).some((pattern) => globMatches(pattern, String(source.repoURL)))) {
          const path = app.object.spec?.source ? "spec.source.repoURL" : `spec.sources[${index}].repoURL`;
          found.push(
            finding(
              this,
              app,
              "error",
              path,
              `repository ${source.repoURL} is not in project ${project.name}'s sourceRepos`,
            ),
          );
        }
      });
      const destination = destinationOf(app.object);
      // An empty namespace is argocd/destination-namespace-missing's finding; every other destination is checked here.
      if (destination.namespace === "") continue;
      const destinations = (spec.destinations ?? []) as { namespace?: string; server?: string; name?: string }[];
      if (!isDestinationPermitted(destinations, destination)) {
        // Name the field at fault: the namespace when the cluster is one the project lists, else the whole destination.
        const clusterListed = isDestinationPermitted(
          destinations.map((entry) => ({ ...entry, namespace: "*" })),
          destination,
        );
        found.push(
          finding(
            this,
            app,
            "error",
            clusterListed ? "spec.destination.namespace" : "spec.destination",
            `destination ${describeDestination(destination)} is not a destination of project ${project.name}`,
          ),
        );
      }
    }
    for (const object of set.objects) {
      const owner = set.owner(object);
      const project = owner ? projectOf(owner) : undefined;
      if (!owner || !project) continue;
      const spec = project.object.spec ?? {};
      if (!object.namespace) {
        const allowed = ((spec.clusterResourceWhitelist ?? []) as { group?: string; kind?: string }[]).some(
          (entry) => globMatches(entry.group ?? "", object.group) && globMatches(entry.kind ?? "", object.kind),
        );
        if (!allowed)
          found.push(
            finding(
              this,
              object,
              "error",
              "kind",
              `cluster-scoped ${object.group || "core"}/${object.kind} is not whitelisted by project ${project.name}: Argo CD refuses the sync of ${owner.name}`,
            ),
          );
      } else if (
        !isDestinationPermitted(spec.destinations ?? [], {
          ...destinationOf(owner.object),
          namespace: object.namespace,
        })
      ) {
        found.push(
          finding(
            this,
            object,
            "error",
            "metadata.namespace",
            `namespace ${object.namespace} is not a destination of project ${project.name}: Argo CD refuses the sync of ${owner.name}`,
          ),
        );
      }
    }
    return found;
  },
};
