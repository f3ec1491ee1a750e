// Which Helm charts install which CRD groups, and whose CRDs are too large for client-side apply.
import { CHARTS } from "../versions.ts";

/** Chart name → API groups of the CRDs it installs. The pinned charts, plus Argo CD's own. */
export const CHART_CRD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.values(CHARTS).map((chart) => [chart.chart, chart.crdGroups])),
  "argo-cd": ["argoproj.io"],
};

/** Charts with a CRD above 262,144 bytes (the collector CRD is 421 kB, ClusterSecretStore 690 kB, ApplicationSet 1.4 MB). */
export const CHARTS_WITH_LARGE_CRDS: ReadonlySet<string> = new Set([
  ...Object.values(CHARTS)
    .filter((chart) => chart.largeCrds)
    .map((chart) => chart.chart),
  "argo-cd",
]);

export { CLIENT_SIDE_APPLY_LIMIT } from "./sync-ordering.ts";

/** The finalizer with which deleting an Application deletes what it installed (argo-cd pkg/apis/application/v1alpha1 ResourcesFinalizerName). */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";
