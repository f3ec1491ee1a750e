// Resiliency: one per app, scoped to it, covering every app it invokes and every component it can see.
import { describe, expect, it } from "vitest";
import { durationMs } from "../../lib/model/resiliency.ts";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();

/** Why a resiliency timeout is too short for a component's own (Go duration or seconds); undefined when it is not. */
function timeoutProblem(resiliency: string, component: string): string | undefined {
  const ms = (value: string) => (/^\d+$/.test(value) ? Number(value) * 1000 : durationMs(value));
  return ms(resiliency) < ms(component)
    ? `the resiliency timeout ${resiliency} cuts the call off before the component's own ${component}`
    : undefined;
}

/** The Redis pub/sub's default processingTimeout: a delivery still unacknowledged after it is handed out again. */
const REDIS_PROCESSING_TIMEOUT_MS = 60_000;

/**
 * The longest one event's delivery can take under a Resiliency's inbound policies: every attempt runs into the
 * timeout, and each wait between attempts is at its longest (Dapr's exponential backoff: from 500 ms, times 1.5,
 * capped at maxInterval, randomized up to 1.5 times).
 */
function deliveryBudgetMs(timeout: string | undefined, retry: Record<string, any> | undefined): number {
  const retries = Math.max(retry?.maxRetries ?? 0, 0);
  const attempt = timeout ? durationMs(timeout) : 0;
  let waits = 0;
  for (let index = 0; index < retries; index += 1)
    waits +=
      retry?.policy === "constant"
        ? durationMs(retry.duration)
        : Math.min(500 * 1.5 ** index, durationMs(retry?.maxInterval ?? "60s")) * 1.5;
  return (retries + 1) * attempt + waits;
}

describe("Dapr Resiliency", () => {
  it.each(["dev", "staging", "prod"])(
    "wraps order-api's calls to payment-api in the payment policy in %s, without a retry: POST charge is not idempotent",
    (environment) => {
      const { policies, targets } = find(manifests, environment, "Resiliency", "order-api").spec;
      const target = targets.apps["payment-api"];
      expect(policies.timeouts[target.timeout]).toBe("3s");
      expect(target).not.toHaveProperty("retry");
      expect(policies.circuitBreakers[target.circuitBreaker]).toMatchObject({ trip: "consecutiveFailures > 5" });
    },
  );

  it("is scoped to its app and targets every component scoped to that app, and nothing else", () => {
    const resiliencies = manifests.filter((m) => m.object.kind === "Resiliency");
    expect(resiliencies.length).toBeGreaterThan(0);
    for (const resiliency of resiliencies) {
      const app = resiliency.object.metadata.name;
      expect(resiliency.object.scopes).toEqual([app]);
      const visible = manifests
        .filter(
          (m) =>
            m.environment === resiliency.environment && m.object.kind === "Component" && m.object.scopes.includes(app),
        )
        .map((m) => m.object.metadata.name)
        .sort();
      expect(Object.keys(resiliency.object.spec.targets.components).sort(), resiliency.file).toEqual(visible);
    }
  });

  it("targets exactly the apps whose Configuration lets the app call them", () => {
    for (const resiliency of manifests.filter((m) => m.object.kind === "Resiliency")) {
      const caller = resiliency.object.metadata.name;
      const callees = manifests
        .filter((m) => m.environment === resiliency.environment && m.object.kind === "Configuration")
        .filter((m) =>
          m.object.spec.accessControl.policies.some((policy: { appId: string }) => policy.appId === caller),
        )
        .map((m) => m.object.metadata.name.replace(/-config$/, ""))
        .sort();
      expect(Object.keys(resiliency.object.spec.targets.apps).sort(), resiliency.file).toEqual(callees);
    }
  });

  it("names only policies it defines", () => {
    for (const resiliency of manifests.filter((m) => m.object.kind === "Resiliency")) {
      const { policies, targets } = resiliency.object.spec;
      const refs = [
        ...Object.values(targets.apps as Record<string, Record<string, string>>),
        ...Object.values(targets.components as Record<string, Record<string, Record<string, string>>>).flatMap((c) =>
          Object.values(c),
        ),
      ];
      for (const ref of refs) {
        if (ref.timeout) expect(policies.timeouts).toHaveProperty(ref.timeout);
        if (ref.retry) expect(policies.retries).toHaveProperty(ref.retry);
        if (ref.circuitBreaker) expect(policies.circuitBreakers).toHaveProperty(ref.circuitBreaker);
      }
    }
  });

  it("never times out a call to a component before the component's own timeout", () => {
    let compared = 0;
    for (const resiliency of manifests.filter((m) => m.object.kind === "Resiliency")) {
      const { policies, targets } = resiliency.object.spec;
      for (const [name, target] of Object.entries(
        targets.components as Record<string, { outbound: { timeout?: string } }>,
      )) {
        const component = manifests.find(
          (m) =>
            m.environment === resiliency.environment &&
            m.object.kind === "Component" &&
            m.object.metadata.name === name &&
            m.object.metadata.namespace === resiliency.object.metadata.namespace,
        );
        const own = (component?.object.spec.metadata as { name: string; value?: string }[] | undefined)?.find(
          (item) => item.name === "timeout",
        )?.value;
        if (own === undefined || target.outbound.timeout === undefined) continue;
        compared += 1;
        expect(
          timeoutProblem(policies.timeouts[target.outbound.timeout], own),
          `${resiliency.environment}/${resiliency.file} ${name}`,
        ).toBeUndefined();
      }
    }
    // staging and prod's PostgreSQL state store (timeout: 20s) under component-call (10s).
    expect(compared).toBeGreaterThan(0);
    expect(timeoutProblem("10s", "20s")).toBe(
      "the resiliency timeout 10s cuts the call off before the component's own 20s",
    );
  });

  it.each(["dev", "staging", "prod"])(
    "delivers an event to a subscriber without a breaker, within the Redis broker's processing timeout, in %s",
    (environment) => {
      const inbound = manifests
        .filter((m) => m.environment === environment && m.object.kind === "Resiliency")
        .flatMap((m) =>
          Object.values(m.object.spec.targets.components as Record<string, any>)
            .filter((target) => target.inbound)
            .map((target) => ({ policies: m.object.spec.policies, refs: target.inbound })),
        );
      expect(inbound.length).toBeGreaterThan(0);
      for (const { policies, refs } of inbound) {
        expect(refs).not.toHaveProperty("circuitBreaker");
        const budget = deliveryBudgetMs(policies.timeouts[refs.timeout], policies.retries[refs.retry]);
        expect(budget).toBeGreaterThan(0);
        expect(budget).toBeLessThan(REDIS_PROCESSING_TIMEOUT_MS);
      }
      // The calls' default policy, which deliveries had before: past the broker's timeout.
      expect(deliveryBudgetMs("10s", { policy: "exponential", maxInterval: "15s", maxRetries: 10 })).toBeGreaterThan(
        REDIS_PROCESSING_TIMEOUT_MS,
      );
    },
  );

  it("retries deliveries to a subscriber (inbound) only on the pub/sub it subscribes to", () => {
    const fulfillment = find(manifests, "prod", "Resiliency", "fulfillment-api").spec.targets.components;
    expect(fulfillment.orderpubsub).toHaveProperty("inbound");
    expect(fulfillment.shipments).not.toHaveProperty("inbound");
    expect(find(manifests, "prod", "Resiliency", "order-api").spec.targets.components.orderpubsub).not.toHaveProperty(
      "inbound",
    );
  });
});
