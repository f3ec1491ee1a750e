// The sync policy every Trellis Application shares: automated with self-heal, retried with backoff.
import type { ApplicationSpecSyncPolicy } from "../../imports/argoproj.io.ts";

export function applicationSyncPolicy(syncOptions: readonly string[], prune: boolean): ApplicationSpecSyncPolicy {
  return {
    automated: { prune, selfHeal: true },
    ...(syncOptions.length > 0 ? { syncOptions: [...syncOptions].sort() } : {}),
    retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
  };
}
