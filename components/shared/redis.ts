// Redis backends shared by several components. Subfolders of components/ hold helpers, not declarations.

/** The in-cluster Redis that dev uses for state, pub/sub and locks; its password comes from Secret "redis". */
export function devRedis(type: "state.redis" | "pubsub.redis" | "lock.redis") {
  return {
    type,
    version: "v1",
    metadata: { redisHost: "redis.orders.svc.cluster.local:6379" },
    secrets: { redisPassword: { name: "redis", key: "password" } },
  };
}

/** A managed Redis reached over TLS; its password comes from the named Secret. */
export function managedRedis(type: "lock.redis", host: string, secret: string) {
  return {
    type,
    version: "v1",
    metadata: { redisHost: host, enableTLS: "true" },
    secrets: { redisPassword: { name: secret, key: "password" } },
  };
}
