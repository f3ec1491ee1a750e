// Where Kubernetes objects say what they are and when Argo CD syncs them: read by renderers and rules alike.

/** Argo CD's sync-wave annotation: objects of a lower wave sync first. */
export const SYNC_WAVE = "argocd.argoproj.io/sync-wave";

/** The API group of an apiVersion; "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? (apiVersion.split("/")[0] ?? "") : "";
}
