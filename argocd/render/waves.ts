// Argo CD ordering: the sync-wave annotation, and which custom resources wait for CRDs from another Application.
import type { KubernetesObject } from "../../lib/render/manifest-files.ts";
import { CHARTS } from "../../versions.ts";

export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/** API groups whose CRDs a pinned chart installs, so their objects cannot be dry-run before that chart's Application syncs. */
export const GROUPS_INSTALLED_BY_CHARTS: ReadonlySet<string> = new Set(
  Object.values(CHARTS).flatMap((chart) => chart.crdGroups),
);

/** Client-side apply stores the whole object in an annotation limited to this many bytes. */
export const CLIENT_SIDE_APPLY_LIMIT = 262_144;

/** The API group of an apiVersion; "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
}

/** Sync options a layer's Application needs for the objects in its folder. */
export function syncOptionsFor(objects: readonly KubernetesObject[]): string[] {
  const options: string[] = [];
  if (objects.some((object) => GROUPS_INSTALLED_BY_CHARTS.has(groupOf(object.apiVersion))))
    options.push("SkipDryRunOnMissingResource=true");
  if (
    objects.some(
      (object) => object.kind === "CustomResourceDefinition" && JSON.stringify(object).length > CLIENT_SIDE_APPLY_LIMIT,
    )
  ) {
    options.push("ServerSideApply=true");
  }
  return options;
}
