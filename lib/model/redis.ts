// The Redis an environment runs in the cluster for components whose backend says inCluster: "redis".
import type { Environment } from "./declarations/environment.ts";
import { IMAGES } from "../../versions.ts";
import type { RedisModel } from "./types.ts";

export const REDIS_PORT = 6379;

export function resolveRedis(environment: Environment): RedisModel | undefined {
  const declared = environment.inCluster.redis;
  if (!declared) return undefined;
  const name = "redis";
  return {
    name,
    namespace: declared.namespace,
    image: IMAGES.redis,
    port: REDIS_PORT,
    address: `${name}.${declared.namespace}.svc.cluster.local:${REDIS_PORT}`,
    passwordSecret: { name, key: "password" },
  };
}
