// deploy/<env>/argocd/: the environment's AppProject and one Application per layer, each in its layer's sync wave.
// The root Application syncs this folder; the `argoproj.io/Application` health check that the bootstrap
// installs makes each wave wait until the Applications of the previous one are Healthy.
import type { Chart } from "cdk8s";
import { Application, AppProject } from "../../imports/argoproj.io.ts";
import type { LayerName } from "../../lib/model/layers.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { constructId } from "../../lib/render/layer-renderer.ts";
import type { KubernetesObject } from "../../lib/render/manifest-files.ts";
import { compareCodePoints } from "../../lib/sort.ts";
import { CHARTS } from "../../versions.ts";
import { RESOURCES_FINALIZER } from "./chart-application.ts";
import { applicationSyncPolicy } from "./sync-policy.ts";
import { groupOf, SYNC_WAVE } from "../../lib/manifests/object-facts.ts";
import { syncOptionsFor } from "../sync-ordering.ts";
import { PROFILE_LABEL } from "../../lib/policies/declared-profile.ts";

/** Cluster-scoped kinds the pinned charts install: CRDs, RBAC and admission webhooks. */
const CHART_CLUSTER_KINDS = [
  { group: "apiextensions.k8s.io", kind: "CustomResourceDefinition" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRole" },
  { group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding" },
  { group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration" },
  { group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration" },
] as const;

/** Name of a layer's Application. */
export function layerApplicationName(environment: string, layer: LayerName): string {
  return `${environment}-${layer}`;
}

export function renderEnvironmentDelivery(
  chart: Chart,
  environment: EnvironmentModel,
  layerObjects: ReadonlyMap<LayerName, readonly KubernetesObject[]>,
): void {
  renderProject(chart, environment, [...layerObjects.values()].flat());
  for (const layer of environment.layers) {
    const objects = layerObjects.get(layer.name) ?? [];
    new Application(chart, constructId("application", environment.argocd.namespace, layer.name), {
      metadata: {
        name: layerApplicationName(environment.name, layer.name),
        namespace: environment.argocd.namespace,
        finalizers: [RESOURCES_FINALIZER],
        // No per-Application ServerSideDiff: the bootstrap turns it on for every Application.
        annotations: { [SYNC_WAVE]: String(layer.wave) },
      },
      spec: {
        project: environment.argocd.project,
        source: {
          repoUrl: environment.argocd.repoURL,
          path: `deploy/${environment.name}/${layer.name}`,
          targetRevision: environment.argocd.targetRevision,
        },
        // Argo CD checks the destination namespace against the project even when it is empty, and nothing matches
        // "" but "*": without one the Application is refused and never syncs (argo-cd#11510). Every rendered object
        // names its own namespace, so this one, which the project permits, only has to be valid.
        destination: { server: environment.argocd.destinationServer, namespace: environment.argocd.namespace },
        syncPolicy: applicationSyncPolicy(syncOptionsFor(objects), environment.argocd.prune),
      },
    });
  }
}

/** Confines the environment's Applications: this repository and the pinned charts, its namespaces, an explicit cluster-resource list. */
function renderProject(chart: Chart, environment: EnvironmentModel, objects: readonly KubernetesObject[]): AppProject {
  const repositories = new Set([environment.argocd.repoURL, ...environment.charts.map((name) => CHARTS[name].repoURL)]);
  const namespaces = new Set([
    environment.argocd.namespace,
    ...environment.namespaces.map((namespace) => namespace.name),
  ]);
  const clusterKinds = new Map<string, { group: string; kind: string }>();
  for (const entry of [{ group: "", kind: "Namespace" }, ...CHART_CLUSTER_KINDS])
    clusterKinds.set(`${entry.group}/${entry.kind}`, entry);
  for (const object of objects.filter((candidate) => candidate.metadata.namespace === undefined)) {
    clusterKinds.set(`${groupOf(object.apiVersion)}/${object.kind}`, {
      group: groupOf(object.apiVersion),
      kind: object.kind,
    });
  }
  return new AppProject(chart, constructId("appproject", environment.argocd.namespace, environment.argocd.project), {
    metadata: {
      name: environment.argocd.project,
      namespace: environment.argocd.namespace,
      finalizers: [RESOURCES_FINALIZER],
      labels: { [PROFILE_LABEL]: environment.profile },
      // Before the Applications that name it.
      annotations: { [SYNC_WAVE]: "-1" },
    },
    spec: {
      description: `Everything Trellis installs in ${environment.name}`,
      sourceRepos: [...repositories].sort(compareCodePoints),
      destinations: [...namespaces]
        .sort(compareCodePoints)
        .map((namespace) => ({ server: environment.argocd.destinationServer, namespace })),
      clusterResourceWhitelist: [...clusterKinds.entries()]
        .sort(([a], [b]) => compareCodePoints(a, b))
        .map(([, entry]) => ({ ...entry })),
    },
  });
}
