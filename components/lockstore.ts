import type { ComponentDeclaration } from "../lib/model/declarations/component.ts";
import { devRedis } from "./shared/redis.ts";

export default {
  name: "lockstore",
  description: "Distributed lock so that one shipping-worker dispatches at a time",
  kind: "lock",
  backends: {
    dev: devRedis("lock.redis"),
    default: {
      type: "lock.redis",
      version: "v1",
      metadata: { redisHost: { setting: "lockRedisHost" }, enableTLS: "true" },
      secrets: { redisPassword: { name: "lockstore-redis", key: "password" } },
    },
  },
} satisfies ComponentDeclaration;
