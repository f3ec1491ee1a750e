// Every Secret the rendered objects read, gathered from the components and the in-cluster backends.
import { sortBy } from "../sort.ts";
import type { ComponentModel, RedisModel, SecretModel } from "./types.ts";

export function resolveSecrets(components: readonly ComponentModel[], redis: RedisModel | undefined): SecretModel[] {
  const secrets = new Map<string, { name: string; namespace: string; keys: Set<string>; readers: Set<string> }>();
  const add = (namespace: string, name: string, key: string, reader: string) => {
    const id = `${namespace}/${name}`;
    const secret = secrets.get(id) ?? { name, namespace, keys: new Set<string>(), readers: new Set<string>() };
    secrets.set(id, secret);
    secret.keys.add(key);
    secret.readers.add(reader);
  };
  for (const component of components) {
    for (const item of component.metadata) {
      if ("secretKeyRef" in item) add(component.namespace, item.secretKeyRef.name, item.secretKeyRef.key, `component ${component.name}`);
    }
  }
  if (redis) add(redis.namespace, redis.passwordSecret.name, redis.passwordSecret.key, "in-cluster redis");
  const models = [...secrets.values()].map((secret) => ({
    name: secret.name,
    namespace: secret.namespace,
    keys: [...secret.keys].sort(),
    readers: [...secret.readers].sort(),
  }));
  return sortBy(models, (s) => `${s.namespace}/${s.name}`);
}
