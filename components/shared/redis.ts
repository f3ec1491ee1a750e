// The in-cluster Redis that dev uses for state, pub/sub and locks. Subfolders of components/ hold helpers, not declarations.

/** A Dapr backend of the given Redis type on dev's Redis; its password comes from Secret "redis". */
export function devRedis(type: "state.redis" | "pubsub.redis" | "lock.redis") {
  return {
    type,
    version: "v1",
    metadata: { redisHost: "redis.orders.svc.cluster.local:6379" },
    secrets: { redisPassword: { name: "redis", key: "password" } },
  };
}
