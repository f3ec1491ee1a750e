import { syncOptions, type SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { applications, chartOf } from "./applications.ts";

/** Namespaces every cluster has, and Argo CD's own kinds, which live wherever Argo CD runs. */
const PRESENT_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
const ARGO_KINDS = new Set(["Application", "ApplicationSet", "AppProject"]);

export const namespaceMissing: Rule = {
  id: "argocd/namespace-missing",
  summary:
    "A namespaced object whose namespace is neither created in an earlier wave nor by its Application's CreateNamespace=true.",
  why: 'The apply fails with "namespaces not found" until someone creates it by hand.',
  fix: "Create the Namespace in an earlier wave (or the same Application), or set CreateNamespace=true on the Application.",
  reference: "https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#create-namespace",
  severity: "error in every profile",
  upstream: [
    { repository: "argoproj/argo-cd", tag: "v3.5.1", file: "gitops-engine/pkg/sync/sync_context.go", line: 1161 },
  ],
  check(set) {
    const namespaces = set.ofKind("Namespace");
    const exists = (namespace: string, user: SetObject) =>
      PRESENT_NAMESPACES.has(namespace) ||
      namespaces.some(
        (created) =>
          created.name === namespace &&
          (set.owner(created) === set.owner(user)
            ? set.compareWaves(created, user) <= 0
            : set.compareWaves(created, user) < 0),
      );
    const found: Finding[] = [];
    for (const object of set.objects) {
      if (!object.namespace || ARGO_KINDS.has(object.kind) || object.kind === "Namespace") continue;
      const owner = set.owner(object);
      if (
        owner &&
        syncOptions(owner).includes("CreateNamespace=true") &&
        owner.object.spec?.destination?.namespace === object.namespace
      )
        continue;
      if (!exists(object.namespace, object))
        found.push(
          finding(
            this,
            object,
            "error",
            "metadata.namespace",
            `namespace ${object.namespace} is not created before this object syncs`,
          ),
        );
    }
    for (const app of applications(set).filter((candidate) => chartOf(candidate))) {
      const destination = app.object.spec?.destination?.namespace;
      if (destination && !syncOptions(app).includes("CreateNamespace=true") && !exists(destination, app)) {
        found.push(
          finding(
            this,
            app,
            "error",
            "spec.destination.namespace",
            `chart ${chartOf(app)} installs into ${destination}, which is not created before it`,
          ),
        );
      }
    }
    return found;
  },
};
