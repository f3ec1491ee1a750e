// The network gate: with every namespace denying ingress by default, each connection the platform needs gets
// through the inventory's NetworkPolicies (a model of the NetworkPolicy API; no CNI runs here), and taking one
// allow away blocks exactly what it was for.
import { blueprint } from "../../blueprint.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { formatGateFinding } from "../../lib/gates/gate.ts";
import { checkNetworkReachability, matchesSelector, networkFlows } from "../../runtime/gates/network-reachability.ts";
import { buildInventory, type Inventory } from "../../lib/inventory/inventory.ts";
import { renderPlatform } from "../../lib/synth.ts";
import { inventoryOptions } from "../support/inventories.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const inventories = new Map<string, Inventory>();

beforeAll(async () => {
  const rendered = await renderPlatform(blueprint, PROJECT_ROOT);
  for (const environment of ["dev", "staging", "prod"]) {
    inventories.set(environment, await buildInventory(rendered, environment, await inventoryOptions()));
  }
});

const without = (inventory: Inventory, kind: string, namespace: string, name: string): Inventory => {
  const kept = inventory.objects.filter(
    (item) => !(item.object.kind === kind && item.namespace === namespace && item.object.metadata?.name === name),
  );
  expect(kept.length, `${kind} ${namespace}/${name} is in the inventory`).toBe(inventory.objects.length - 1);
  return { ...inventory, objects: kept };
};

describe.each(["dev", "staging", "prod"])("the %s inventory's network", (environment) => {
  it("lets every needed connection through: webhooks, sidecars to the control plane, spans, Redis", () => {
    const inventory = inventories.get(environment) as Inventory;
    const flows = networkFlows(inventory);
    expect(flows.filter((flow) => flow.startsWith("the API server")).length).toBeGreaterThanOrEqual(
      environment === "dev" ? 5 : 8,
    );
    expect(flows.some((flow) => flow.includes("dials dapr-sentry"))).toBe(true);
    expect(flows.some((flow) => flow.includes("sends spans to gateway-collector.monitoring"))).toBe(true);
    expect(checkNetworkReachability(inventory).map(formatGateFinding)).toEqual([]);
  });
});

describe("taking an allow away blocks what it was for", () => {
  it("without allow-sentry, no sidecar gets its certificate", () => {
    const findings = checkNetworkReachability(
      without(inventories.get("prod") as Inventory, "NetworkPolicy", "dapr-system", "allow-sentry"),
    ).map(formatGateFinding);
    expect(
      findings.some((line) =>
        line.includes(
          "the sidecar of orders/payment-api dials dapr-sentry: blocked on the way to dapr-system/dapr-sentry port 50001",
        ),
      ),
    ).toBe(true);
    expect(findings.some((line) => line.includes("dapr-operator gets its certificate from Sentry: blocked"))).toBe(
      true,
    );
    expect(findings.every((line) => line.includes("Sentry") || line.includes("dapr-sentry"))).toBe(true);
  });

  it("without cert-manager's webhook allow, the API server cannot call its webhooks", () => {
    const findings = checkNetworkReachability(
      without(inventories.get("staging") as Inventory, "NetworkPolicy", "cert-manager", "allow-webhook"),
    ).map(formatGateFinding);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatch(
      /the API server calls webhook webhook\.cert-manager\.io: blocked on the way to cert-manager\/cert-manager-webhook port 10250; isolated by NetworkPolicy cert-manager\/default-deny-ingress/,
    );
  });

  it("without Tempo's allow, the sampler's spans stop at the default deny of monitoring", () => {
    const findings = checkNetworkReachability(
      without(inventories.get("prod") as Inventory, "NetworkPolicy", "monitoring", "allow-otlp-from-collectors"),
    ).map(formatGateFinding);
    expect(findings).toEqual([
      expect.stringContaining(
        "OpenTelemetryCollector monitoring/sampler sends spans to tempo.monitoring.svc.cluster.local:4317: blocked on the way to monitoring/tempo port 4317",
      ),
    ]);
  });

  it("without allow-redis, dev's sidecars cannot reach the in-cluster Redis", () => {
    const findings = checkNetworkReachability(
      without(inventories.get("dev") as Inventory, "NetworkPolicy", "backends", "allow-redis"),
    ).map(formatGateFinding);
    expect(findings.length).toBeGreaterThan(0);
    expect(
      findings.every(
        (line) =>
          line.includes("reaches redis.backends.svc.cluster.local:6379") &&
          line.includes("blocked on the way to backends/redis port 6379"),
      ),
    ).toBe(true);
  });

  it("a collector without the operator's policy is isolated by monitoring's default deny", () => {
    const inventory = inventories.get("dev") as Inventory;
    const objects = inventory.objects.map((item) =>
      item.object.kind === "OpenTelemetryCollector" && item.object.metadata?.name === "gateway"
        ? { ...item, object: { ...item.object, spec: { ...item.object.spec, networkPolicy: { enabled: false } } } }
        : item,
    );
    const findings = checkNetworkReachability({ ...inventory, objects }).map(formatGateFinding);
    expect(
      findings.some((line) =>
        line.includes("sends spans to gateway-collector.monitoring.svc.cluster.local:4318: blocked"),
      ),
    ).toBe(true);
  });
});

describe("label selectors as the API defines them", () => {
  it("matches labels and every expression operator", () => {
    const labels = { app: "a", tier: "web" };
    expect(matchesSelector({}, labels)).toBe(true);
    expect(
      matchesSelector(
        { matchLabels: { app: "a" }, matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] },
        labels,
      ),
    ).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, labels)).toBe(
      false,
    );
    expect(matchesSelector({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels)).toBe(false);
  });
});
