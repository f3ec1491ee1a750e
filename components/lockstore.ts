import type { ComponentDeclaration } from "./schema.ts";
import { devRedis, managedRedis } from "./shared/redis.ts";

export default {
  name: "lockstore",
  description: "Distributed lock so that one shipping-worker dispatches at a time",
  kind: "lock",
  backends: {
    dev: devRedis("lock.redis"),
    staging: managedRedis("lock.redis", "redis.staging.internal.example.com:6380", "lockstore-redis"),
    prod: managedRedis("lock.redis", "redis.prod.internal.example.com:6380", "lockstore-redis"),
  },
} satisfies ComponentDeclaration;
