// Every Secret the platform reads, gathered from the components, the in-cluster backends and the secrets apps
// read through the Kubernetes secret store.
import { sortBy } from "../sort.ts";
import type { AppModel, ComponentModel, RedisModel, SecretModel } from "./types.ts";

export function resolveSecrets(
  components: readonly ComponentModel[],
  redis: RedisModel | undefined,
  apps: readonly AppModel[],
): SecretModel[] {
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
      if ("secretKeyRef" in item)
        add(component.namespace, item.secretKeyRef.name, item.secretKeyRef.key, `component ${component.name}`);
    }
  }
  for (const app of apps) {
    for (const access of app.secretStores.filter((candidate) => candidate.kubernetes)) {
      for (const secret of access.secrets)
        for (const key of secret.keys) add(app.namespace, secret.name, key, `app ${app.id}`);
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
