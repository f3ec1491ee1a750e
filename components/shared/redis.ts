// The in-cluster Redis that dev uses for state, pub/sub and locks. Subfolders of components/ hold helpers, not declarations.

/** A Dapr backend of the given Redis type on the environment's in-cluster Redis; host and password are derived. */
export function devRedis<const T extends "state.redis" | "pubsub.redis" | "lock.redis">(type: T) {
  return { type, version: "v1", inCluster: "redis" } as const;
}
