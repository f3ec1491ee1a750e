// The sync policy every Trellis Application shares: automated with self-heal, retried with backoff.
import type { ApplicationSpecSyncPolicy } from "../../imports/argoproj.io.ts";

/**
 * Retries a failed sync (a CRD or webhook not ready yet, a child wave still Degraded) with backoff instead of
 * waiting for the next commit: 30 s doubling to 10 min, ten times, about an hour before a revision is given up.
 */
export const SYNC_RETRY = { limit: 10, backoff: { duration: "30s", factor: 2, maxDuration: "10m" } } as const;

export function applicationSyncPolicy(syncOptions: readonly string[], prune: boolean): ApplicationSpecSyncPolicy {
  return {
    automated: { prune, selfHeal: true },
    ...(syncOptions.length > 0 ? { syncOptions: [...syncOptions].sort() } : {}),
    retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
  };
}
