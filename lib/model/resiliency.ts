// Resiliency targets of one app: every app it invokes and every component it uses, each under a named policy.
import type { App } from "./declarations/app.ts";
import type { Component } from "./declarations/component.ts";
import type { Environment } from "./declarations/environment.ts";
import type { ResiliencyPolicy } from "./declarations/resiliency-policy.ts";
import { valueFor } from "./per-environment.ts";
import { sortBy } from "../sort.ts";
import type { ResiliencyModel } from "./types.ts";

export interface ResiliencyInputs {
  readonly apps: ReadonlyMap<string, App>;
  readonly components: ReadonlyMap<string, Component>;
  readonly policies: ReadonlyMap<string, ResiliencyPolicy>;
}

/**
 * A resiliency timeout on a component cuts the call off after that long, whatever the component would wait itself.
 * Where a component declares its own `timeout` (state.postgresql's, for one) longer than the policy's, the target
 * gets a timeout of its own: the component's plus this margin, so the component reports its own timeout first.
 */
const COMPONENT_TIMEOUT_MARGIN_MS = 5_000;

export function resolveResiliency(
  app: App,
  used: readonly string[],
  environment: Environment,
  inputs: ResiliencyInputs,
): ResiliencyModel | undefined {
  const defaults = environment.dapr.resiliency;
  const callees = [...new Set(app.invokes.map((call) => call.app))].sort();
  const appTargets = callees.map((callee) => ({
    app: callee,
    policy: inputs.apps.get(callee)?.resiliency ?? defaults.apps,
  }));
  const subscribed = new Set(app.subscribes.map((subscription) => subscription.pubsub));
  const policyOf = (name: string) => {
    const policy = inputs.policies.get(name);
    if (!policy) throw new Error(`internal: resiliency policy "${name}" passed the reference checks but is missing`);
    return policy;
  };
  const timeouts: { name: string; duration: string }[] = [];
  const componentTargets = used.map((name) => {
    const component = inputs.components.get(name);
    const policy = component?.resiliency ?? defaults.components;
    const deliversToApp = subscribed.has(name) || component?.direction === "input";
    const own = component ? componentTimeoutMs(component, environment) : undefined;
    const policyTimeout = policyOf(policy).timeout;
    // Only where the policy has a timeout that is shorter than the component's own: then the target needs its own.
    const derived =
      own !== undefined && policyTimeout !== undefined && durationMs(policyTimeout) < own + COMPONENT_TIMEOUT_MARGIN_MS
        ? { name: `${policy}-${name}`, duration: formatMs(own + COMPONENT_TIMEOUT_MARGIN_MS) }
        : undefined;
    if (derived) timeouts.push(derived);
    return {
      component: name,
      outbound: policy,
      inbound: deliversToApp ? defaults.deliveries : undefined,
      ...(derived ? { timeout: derived.name } : {}),
    };
  });
  if (appTargets.length === 0 && componentTargets.length === 0) return undefined;
  const names = new Set([
    ...appTargets.map((t) => t.policy),
    ...componentTargets.flatMap((t) => (t.inbound ? [t.outbound, t.inbound] : [t.outbound])),
  ]);
  return {
    policies: sortBy([...names].map(policyOf), (p) => p.name),
    apps: appTargets,
    components: componentTargets,
    timeouts: sortBy(timeouts, (t) => t.name),
  };
}

/** The component's own `timeout` metadata in this environment (a Go duration, or seconds), in milliseconds. */
function componentTimeoutMs(component: Component, environment: Environment): number | undefined {
  const value = valueFor(component.backends, environment.name)?.metadata?.timeout;
  const text =
    typeof value === "object" ? environment.settings[value.setting] : value === undefined ? undefined : String(value);
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) * 1000 : durationMs(text);
}

/** A Go duration ("1m30s", "500ms") in milliseconds. */
export function durationMs(duration: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g))
    total += Number(amount) * (units[unit ?? ""] ?? 0);
  return total;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
