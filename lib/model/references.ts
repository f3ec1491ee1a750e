// Cross-reference checks between declarations. Every problem names both ends of the broken reference.
import { IDEMPOTENT_VERBS, type App } from "./declarations/app.ts";
import type { Component } from "./declarations/component.ts";
import type { Environment } from "./declarations/environment.ts";
import type { ResiliencyPolicy } from "./declarations/resiliency-policy.ts";
import type { Declarations, Declared } from "../declarations/load-declarations.ts";
import { ProblemList } from "../declarations/problems.ts";
import { sortBy } from "../sort.ts";
import { componentsUsedBy } from "./components-used.ts";
import { checkPerEnvironment, keyFor } from "./per-environment.ts";
import { platformNamespaces } from "./platform-namespaces.ts";

export function checkReferences(declarations: Declarations): void {
  const problems = new ProblemList();
  const environments = uniqueBy(declarations.environments, (e) => e.name, "name", "environment name", problems);
  const apps = uniqueBy(declarations.apps, (a) => a.id, "id", "app id", problems);
  const components = uniqueBy(declarations.components, (c) => c.name, "name", "component name", problems);
  const policies = uniqueBy(declarations.resiliencyPolicies, (p) => p.name, "name", "resiliency policy name", problems);
  const environmentNames = [...environments.keys()].sort();
  const policy = (file: string, path: readonly PropertyKey[], name: string | undefined) => {
    if (name !== undefined && !policies.has(name)) {
      problems.add(
        file,
        path,
        `unknown resiliency policy "${name}"; no file in resiliency/ declares it (declared: ${[...policies.keys()].sort().join(", ") || "none"})`,
      );
    }
  };
  for (const { file, value: environment } of environments.values()) {
    policy(file, ["dapr", "resiliency", "apps"], environment.dapr.resiliency.apps);
    policy(file, ["dapr", "resiliency", "components"], environment.dapr.resiliency.components);
    policy(file, ["dapr", "resiliency", "deliveries"], environment.dapr.resiliency.deliveries);
  }

  for (const { file, value: component } of components.values()) {
    checkPerEnvironment(component.backends, ["backends"], file, environmentNames, problems);
    checkSettings(file, component, environments, problems);
    checkInCluster(file, component, environments, problems);
    policy(file, ["resiliency"], component.resiliency);
  }
  const used = new Set<string>();
  for (const { file, value: app } of apps.values()) {
    checkPerEnvironment(app.replicas, ["replicas"], file, environmentNames, problems);
    checkApp(file, app, apps, components, problems);
    for (const { file: environmentFile, value: environment } of environments.values()) {
      const owner = platformNamespaces(environment).get(app.namespace);
      if (owner) {
        problems.add(
          file,
          ["namespace"],
          `namespace "${app.namespace}" belongs to ${owner} in environment "${environment.name}" (${environmentFile}); put apps in a namespace of their own`,
        );
      }
      if (environment.requireImageDigests && !app.image.includes("@sha256:")) {
        problems.add(
          file,
          ["image"],
          `environment "${environment.name}" (${environmentFile}) requires image digests; append the digest: "${app.image}@sha256:<digest>"`,
        );
      }
    }
    policy(file, ["resiliency"], app.resiliency);
    componentsUsedBy(app).forEach((name) => used.add(name));
  }
  checkRetriedSideEffects(apps, environments, policies, problems);
  checkTopics(apps, problems);
  checkActorStoresPerNamespace(apps, components, problems);
  for (const { file, value: component } of components.values()) {
    if (!used.has(component.name)) {
      problems.add(
        file,
        "name",
        `no app uses component "${component.name}"; add it to an app's uses (an unscoped component would be visible to every app) or delete this file`,
      );
    }
  }
  problems.throwIfAny();
}

function checkApp(
  file: string,
  app: App,
  apps: ReadonlyMap<string, Declared<App>>,
  components: ReadonlyMap<string, Declared<Component>>,
  problems: ProblemList,
): void {
  const known = [...components.keys()].sort().join(", ") || "none";
  const component = (name: string, path: readonly PropertyKey[]) => {
    const found = components.get(name);
    if (!found)
      problems.add(file, path, `unknown component "${name}"; no file in components/ declares it (declared: ${known})`);
    return found;
  };

  duplicates(app.uses).forEach((name) =>
    problems.add(file, ["uses"], `component "${name}" is listed twice; list it once`),
  );
  duplicates(app.methods.map((m) => m.name)).forEach((name) =>
    problems.add(file, ["methods"], `method "${name}" is declared twice; declare it once`),
  );
  app.uses.forEach((name, index) => component(name, ["uses", index]));

  for (const [field, entries] of [
    ["publishes", app.publishes],
    ["subscribes", app.subscribes],
  ] as const) {
    entries.forEach((entry, index) => {
      const found = component(entry.pubsub, [field, index, "pubsub"]);
      if (found && found.value.kind !== "pubsub") {
        problems.add(
          file,
          [field, index, "pubsub"],
          `component "${entry.pubsub}" (${found.file}) is a ${found.value.kind} component, not pubsub; name a pubsub component`,
        );
      }
    });
  }

  app.secrets.forEach((secret, index) => {
    const found = component(secret.store, ["secrets", index, "store"]);
    if (found && found.value.kind !== "secretstore") {
      problems.add(
        file,
        ["secrets", index, "store"],
        `component "${secret.store}" (${found.file}) is a ${found.value.kind} component, not a secret store; name a secretstore component`,
      );
    } else if (found && !app.uses.includes(secret.store)) {
      problems.add(
        file,
        ["secrets", index, "store"],
        `"${secret.store}" is not in this app's uses; add it there, or the component is not scoped to the app`,
      );
    }
  });
  duplicates(app.secrets.map((secret) => `${secret.store}/${secret.name}`)).forEach((name) =>
    problems.add(file, ["secrets"], `secret "${name}" is listed twice; list it once`),
  );

  const actorStores = componentsUsedBy(app).filter((name) => components.get(name)?.value.actorStateStore);
  if (actorStores.length > 1) {
    problems.add(
      file,
      ["uses"],
      `uses ${actorStores.length} actor state stores (${actorStores.join(", ")}); a Dapr sidecar refuses to start with more than one`,
    );
  } else if (app.actors && actorStores.length === 0) {
    problems.add(
      file,
      ["actors"],
      "an app with actors or workflows needs one state store with actorStateStore: true in its uses",
    );
  }

  app.invokes.forEach((call, index) => {
    const callee = apps.get(call.app);
    if (!callee) {
      problems.add(
        file,
        ["invokes", index, "app"],
        `unknown app "${call.app}"; no file in apps/ declares it (declared: ${[...apps.keys()].sort().join(", ")})`,
      );
      return;
    }
    if (call.app === app.id) {
      problems.add(
        file,
        ["invokes", index, "app"],
        "an app does not invoke itself through Dapr; call the method in process",
      );
      return;
    }
    const method = callee.value.methods.find((m) => m.name === call.method);
    if (!method) {
      const offered = callee.value.methods.map((m) => m.name).join(", ") || "none";
      problems.add(
        file,
        ["invokes", index, "method"],
        `app "${call.app}" (${callee.file}) has no method "${call.method}" (it declares: ${offered}); fix the name or declare the method there`,
      );
      return;
    }
    call.verbs.forEach((verb, verbIndex) => {
      if (!method.verbs.includes(verb)) {
        problems.add(
          file,
          ["invokes", index, "verbs", verbIndex],
          `method "${call.method}" of "${call.app}" (${callee.file}) accepts ${method.verbs.join(", ")}, not ${verb}`,
        );
      }
    });
  });
}

/**
 * A resiliency policy applies to every method of the app it targets (dapr/dapr v1.18.3 pkg/api/http/directmessaging.go),
 * and a retry re-sends a request after the policy's own timeout whatever `matching` lists (pkg/resiliency/policy.go):
 * a call to a method that is not idempotent could take effect twice. Refused per caller and method, naming where
 * the policy comes from (the callee's `resiliency`, or the environment's default).
 */
function checkRetriedSideEffects(
  apps: ReadonlyMap<string, Declared<App>>,
  environments: ReadonlyMap<string, Declared<Environment>>,
  policies: ReadonlyMap<string, Declared<ResiliencyPolicy>>,
  problems: ProblemList,
): void {
  for (const { file, value: app } of apps.values()) {
    app.invokes.forEach((call, index) => {
      const callee = apps.get(call.app);
      const method = callee?.value.methods.find((candidate) => candidate.name === call.method);
      if (!callee || !method) return;
      const sideEffects = call.verbs.filter((verb) => !(method.idempotent ?? IDEMPOTENT_VERBS.has(verb)));
      if (sideEffects.length === 0) return;
      // One problem per policy that retries the call: the callee's own, or each environment default that does.
      const retried = new Map<string, string[]>();
      for (const { value: environment } of environments.values()) {
        const name = callee.value.resiliency ?? environment.dapr.resiliency.apps;
        if (policies.get(name)?.value.retry) retried.set(name, [...(retried.get(name) ?? []), environment.name]);
      }
      for (const [name, where] of [...retried.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const source = callee.value.resiliency
          ? `the resiliency policy of "${call.app}"`
          : `the default app policy of environment${where.length > 1 ? "s" : ""} ${where.sort().join(", ")}`;
        problems.add(
          file,
          ["invokes", index],
          `calls ${sideEffects.join(", ")} "${call.method}" of "${call.app}", which is not idempotent, under policy "${name}" (${policies.get(name)?.file}, ${source}), which retries: a call that timed out may take effect twice. ` +
            `Give "${call.app}" a policy without retry (resiliency: "<policy>" in ${callee.file}), or, if the method takes an idempotency key, declare idempotent: true on "${call.method}" there`,
        );
      }
    });
  }
}

/** Every `{ setting }` a backend uses must be declared by each environment that backend serves. */
function checkSettings(
  file: string,
  component: Component,
  environments: ReadonlyMap<string, Declared<Environment>>,
  problems: ProblemList,
): void {
  for (const { file: environmentFile, value: environment } of environments.values()) {
    const key = keyFor(component.backends, environment.name);
    for (const [name, value] of Object.entries(component.backends[key]?.metadata ?? {})) {
      if (typeof value === "object" && !Object.hasOwn(environment.settings, value.setting)) {
        problems.add(
          file,
          ["backends", key, "metadata", name],
          `environment "${environment.name}" (${environmentFile}) has no setting "${value.setting}"; add settings: { ${value.setting}: "..." } there`,
        );
      }
    }
  }
}

/** A backend on the in-cluster Redis needs every environment it serves to run one. */
function checkInCluster(
  file: string,
  component: Component,
  environments: ReadonlyMap<string, Declared<Environment>>,
  problems: ProblemList,
): void {
  for (const { file: environmentFile, value: environment } of environments.values()) {
    const key = keyFor(component.backends, environment.name);
    if (component.backends[key]?.inCluster === "redis" && !environment.inCluster.redis) {
      problems.add(
        file,
        ["backends", key, "inCluster"],
        `environment "${environment.name}" (${environmentFile}) runs no in-cluster Redis; add inCluster: { redis: { namespace: "..." } } there or give "${environment.name}" its own backend`,
      );
    }
  }
}

/** Dapr allows one actor state store per app; Trellis keeps it to one per namespace so every actor app there shares it. */
function checkActorStoresPerNamespace(
  apps: ReadonlyMap<string, Declared<App>>,
  components: ReadonlyMap<string, Declared<Component>>,
  problems: ProblemList,
): void {
  const stores = new Map<string, Set<string>>();
  for (const { value: app } of apps.values()) {
    for (const name of componentsUsedBy(app)) {
      if (!components.get(name)?.value.actorStateStore) continue;
      stores.set(app.namespace, (stores.get(app.namespace) ?? new Set<string>()).add(name));
    }
  }
  for (const [namespace, names] of stores) {
    if (names.size < 2) continue;
    const sorted = [...names].sort();
    for (const name of sorted.slice(1)) {
      const component = components.get(name);
      if (component) {
        problems.add(
          component.file,
          "actorStateStore",
          `namespace "${namespace}" would get ${sorted.length} actor state stores (${sorted.join(", ")}); keep one actor state store per namespace`,
        );
      }
    }
  }
}

function checkTopics(apps: ReadonlyMap<string, Declared<App>>, problems: ProblemList): void {
  const published = new Map<string, string[]>();
  for (const { value: app } of apps.values()) {
    for (const { pubsub, topic } of app.publishes) {
      const key = `${pubsub}/${topic}`;
      published.set(key, [...(published.get(key) ?? []), app.id]);
    }
  }
  for (const { file, value: app } of apps.values()) {
    const seen = new Set<string>();
    app.subscribes.forEach(({ pubsub, topic }, index) => {
      const key = `${pubsub}/${topic}`;
      if (seen.has(key))
        problems.add(
          file,
          ["subscribes", index],
          `subscribes to "${topic}" on "${pubsub}" twice; merge the routes into one subscription`,
        );
      seen.add(key);
      if (!published.has(key)) {
        problems.add(
          file,
          ["subscribes", index, "topic"],
          `no app publishes topic "${topic}" on "${pubsub}"; add it to the publisher's publishes in apps/, or fix the topic name`,
        );
      }
    });
  }
}

function uniqueBy<T>(
  declared: readonly Declared<T>[],
  key: (value: T) => string,
  field: string,
  what: string,
  problems: ProblemList,
): Map<string, Declared<T>> {
  const byKey = new Map<string, Declared<T>>();
  for (const entry of sortBy(declared, (entry) => entry.file)) {
    const name = key(entry.value);
    const first = byKey.get(name);
    if (first)
      problems.add(
        entry.file,
        field,
        `${what} "${name}" is already declared in ${first.file}; give each its own ${what}`,
      );
    else byKey.set(name, entry);
  }
  return byKey;
}

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}
