// Argo CD ordering: the sync-wave annotation, and which custom resources wait for CRDs from another Application.
import type { KubernetesObject } from "../../lib/render/manifest-files.ts";
import { CHARTS } from "../../versions.ts";

export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/** API groups whose CRDs a pinned chart installs, so their objects cannot be dry-run before that chart's Application syncs. */
export const CHART_CRD_GROUPS: ReadonlySet<string> = new Set(Object.values(CHARTS).flatMap((chart) => chart.crdGroups));

/** Groups whose operator fills fields through a defaulting webhook: diff them on the server, or every sync shows drift. */
export const DEFAULTED_BY_WEBHOOK: ReadonlySet<string> = new Set(["opentelemetry.io"]);

/** Client-side apply stores the whole object in an annotation limited to this many bytes. */
export const CLIENT_SIDE_APPLY_LIMIT = 262_144;

export function groupOf(object: Pick<KubernetesObject, "apiVersion">): string {
  return object.apiVersion.includes("/") ? (object.apiVersion.split("/")[0] ?? "") : "";
}

/** Sync options a layer's Application needs for the objects in its folder. */
export function syncOptionsFor(objects: readonly KubernetesObject[]): string[] {
  const options: string[] = [];
  if (objects.some((object) => CHART_CRD_GROUPS.has(groupOf(object)))) options.push("SkipDryRunOnMissingResource=true");
  if (objects.some((object) => object.kind === "CustomResourceDefinition" && JSON.stringify(object).length > CLIENT_SIDE_APPLY_LIMIT)) {
    options.push("ServerSideApply=true");
  }
  return options;
}
