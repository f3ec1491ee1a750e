// deploy/argocd/: one ApplicationSet for every environment. A cluster generator per environment selects
// the cluster whose Argo CD cluster Secret carries `trellis.io/environment: <env>` (the bootstrap sets it)
// and generates that environment's root Application, which syncs deploy/<env>/argocd/ at the declared revision.
// No sync-wave on the template: Argo CD ignores it on generated Applications; ordering happens inside the root.
// Nothing the ApplicationSet controller does may delete an environment: see syncPolicy below.
import { ApiObject, type Chart } from "cdk8s";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { SYNC_RETRY } from "./sync-policy.ts";

/** Label on Argo CD's cluster Secret that names the environment the cluster runs. */
export const ENVIRONMENT_LABEL = "trellis.io/environment";
export const APPLICATION_SET_NAME = "trellis";

export function rootApplicationName(environment: string): string {
  return `trellis-${environment}`;
}

export function renderApplicationSet(chart: Chart, environments: readonly EnvironmentModel[]): ApiObject {
  const namespace = environments[0]?.argocd.namespace ?? "argocd";
  return new ApiObject(chart, "applicationset-trellis", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "ApplicationSet",
    metadata: { name: APPLICATION_SET_NAME, namespace },
    spec: {
      goTemplate: true,
      // Deleting or replacing the ApplicationSet (a rename, a cluster Secret that stops matching) must not delete the
      // environment. create-update: the controller never deletes a generated root, and on the ApplicationSet's
      // deletion removes its owner references instead of letting Kubernetes collect the roots. The roots carry no
      // resources finalizer either (preserveResourcesOnDeletion keeps the controller from adding it), so even a root
      // deleted by hand leaves its layer Applications and their objects in place.
      syncPolicy: { preserveResourcesOnDeletion: true, applicationsSync: "create-update" },
      goTemplateOptions: ["missingkey=error"],
      generators: environments.map((environment) => ({
        clusters: {
          selector: { matchLabels: { [ENVIRONMENT_LABEL]: environment.name } },
          values: {
            environment: environment.name,
            project: environment.argocd.project,
            repoURL: environment.argocd.repoURL,
            revision: environment.argocd.targetRevision,
            rootApplication: rootApplicationName(environment.name),
          },
        },
      })),
      template: {
        metadata: { name: "{{.values.rootApplication}}", namespace },
        spec: {
          project: "{{.values.project}}",
          source: {
            repoURL: "{{.values.repoURL}}",
            path: "deploy/{{.values.environment}}/argocd",
            targetRevision: "{{.values.revision}}",
          },
          destination: { server: "{{.server}}", namespace },
          syncPolicy: {
            // The root never prunes: removing a layer's Application would delete the whole layer through its finalizer.
            automated: { prune: false, selfHeal: true },
            retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
          },
        },
      },
    },
  });
}
