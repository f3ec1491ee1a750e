// Resiliency targets of one app: every app it invokes and every component it uses, each under a named policy.
import type { App } from "../../apps/schema.ts";
import type { Component } from "../../components/schema.ts";
import type { Environment } from "../../environments/schema.ts";
import type { ResiliencyPolicy } from "../../resiliency/schema.ts";
import { sortBy } from "../sort.ts";
import type { ResiliencyModel } from "./types.ts";

export interface ResiliencyInputs {
  readonly apps: ReadonlyMap<string, App>;
  readonly components: ReadonlyMap<string, Component>;
  readonly policies: ReadonlyMap<string, ResiliencyPolicy>;
}

export function resolveResiliency(app: App, used: readonly string[], environment: Environment, inputs: ResiliencyInputs): ResiliencyModel | undefined {
  const defaults = environment.dapr.resiliency;
  const callees = [...new Set(app.invokes.map((call) => call.app))].sort();
  const appTargets = callees.map((callee) => ({ app: callee, policy: inputs.apps.get(callee)?.resiliency ?? defaults.apps }));
  const subscribed = new Set(app.subscribes.map((subscription) => subscription.pubsub));
  const componentTargets = used.map((name) => {
    const component = inputs.components.get(name);
    const policy = component?.resiliency ?? defaults.components;
    const deliversToApp = subscribed.has(name) || component?.direction === "input";
    return { component: name, outbound: policy, inbound: deliversToApp ? policy : undefined };
  });
  if (appTargets.length === 0 && componentTargets.length === 0) return undefined;
  const names = new Set([...appTargets.map((t) => t.policy), ...componentTargets.map((t) => t.outbound)]);
  const policies = [...names].map((name) => {
    const policy = inputs.policies.get(name);
    if (!policy) throw new Error(`internal: resiliency policy "${name}" passed the reference checks but is missing`);
    return policy;
  });
  return { policies: sortBy(policies, (p) => p.name), apps: appTargets, components: componentTargets };
}
