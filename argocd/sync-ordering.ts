// Argo CD ordering: which custom resources wait for CRDs from another Application, and the sync options that follow.
import { groupOf } from "../lib/manifests/object-facts.ts";
import type { KubernetesObject } from "../lib/render/manifest-files.ts";
import { CHARTS } from "../versions.ts";

/** API groups whose CRDs a pinned chart installs, so their objects cannot be dry-run before that chart's Application syncs. */
export const GROUPS_INSTALLED_BY_CHARTS: ReadonlySet<string> = new Set(
  Object.values(CHARTS).flatMap((chart) => chart.crdGroups),
);

/** Client-side apply stores the whole object in an annotation limited to this many bytes. */
export const CLIENT_SIDE_APPLY_LIMIT = 262_144;

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
