// The sync policy every Trellis Application shares: automated with self-heal, retried with backoff.
import type { ApplicationSpecSyncPolicy } from "../../imports/argoproj.io.ts";

/** Retries a failed sync (a CRD or webhook not ready yet) with backoff instead of waiting for the next commit. */
export const SYNC_RETRY = { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } } as const;

export function applicationSyncPolicy(syncOptions: readonly string[], prune: boolean): ApplicationSpecSyncPolicy {
  return {
    automated: { prune, selfHeal: true },
    ...(syncOptions.length > 0 ? { syncOptions: [...syncOptions].sort() } : {}),
    retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
  };
}
