// The resolved model: invocation and topic graphs, namespaces and layers with waves.
import { describe, expect, it } from "vitest";
import { loadDeclarations } from "../../lib/declarations/load-declarations.ts";
import { LAYERS } from "../../lib/model/layers.ts";
import { resolvePlatform } from "../../lib/model/resolve.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const platform = resolvePlatform(await loadDeclarations(PROJECT_ROOT));
const prod = platform.environments.find((e) => e.name === "prod");

describe("resolved model", () => {
  it("has one model per declared environment", () => {
    expect(platform.environments.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
  });

  it("holds the invocation graph with both namespaces", () => {
    expect(prod?.invocations).toEqual([
      {
        caller: "order-api",
        callerNamespace: "orders",
        callee: "fulfillment-api",
        calleeNamespace: "orders",
        method: "fulfilment",
        verbs: ["GET"],
      },
      {
        caller: "order-api",
        callerNamespace: "orders",
        callee: "payment-api",
        calleeNamespace: "orders",
        method: "charge",
        verbs: ["POST"],
      },
    ]);
  });

  it("holds the topic graph", () => {
    expect(prod?.topics).toEqual([
      { pubsub: "orderpubsub", topic: "orders.created", publishers: ["order-api"], subscribers: ["fulfillment-api"] },
    ]);
  });

  it("derives namespaces from where the apps, the charts and the in-cluster backends live", () => {
    expect(prod?.namespaces.map((n) => [n.name, n.purpose, n.apps])).toEqual([
      ["cert-manager", "cert-manager chart", []],
      ["dapr-system", "dapr chart", []],
      ["external-secrets", "external-secrets chart", []],
      ["monitoring", "collectors and trace backend", []],
      ["opentelemetry-operator-system", "opentelemetry-operator chart", []],
      ["orders", "apps", ["fulfillment-api", "order-api", "payment-api"]],
      ["shipping", "apps", ["shipping-worker"]],
    ]);
    const dev = platform.environments.find((e) => e.name === "dev");
    expect(dev?.namespaces.map((n) => n.name)).toEqual([
      "backends",
      "cert-manager",
      "dapr-system",
      "monitoring",
      "opentelemetry-operator-system",
      "orders",
      "shipping",
    ]);
  });

  it("lists layers in wave order, with the waves of the layer plan", () => {
    const layers = prod?.layers ?? [];
    expect(layers.map((l) => l.name)).toEqual([
      "namespaces",
      "cert-manager",
      "operators",
      "observability",
      "runtime",
      "apps",
    ]);
    const waves = layers.map((l) => l.wave);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    for (const layer of layers) expect(LAYERS.find((planned) => planned.name === layer.name)?.wave).toBe(layer.wave);
  });

  it("places a component in every namespace that has a user, and only there", () => {
    const where = (name: string) => prod?.components.filter((c) => c.name === name).map((c) => c.namespace);
    expect(where("lockstore")).toEqual(["shipping"]);
    expect(where("orderpubsub")).toEqual(["orders"]);
  });
});
