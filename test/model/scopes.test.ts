// Every rendered Component is scoped to exactly the apps whose declarations use it, in their namespace.
import { describe, expect, it } from "vitest";
import { readManifests } from "../support/manifests.ts";

/**
 * Read off apps/*.ts: order-api uses statestore and publishes on orderpubsub; fulfillment-api uses shipments
 * and subscribes on orderpubsub; payment-api uses secretstore (all in orders); shipping-worker uses schedule
 * and lockstore (in shipping).
 */
const EXPECTED_SCOPES = {
  "orders/orderpubsub": ["fulfillment-api", "order-api"],
  "orders/secretstore": ["payment-api"],
  "orders/shipments": ["fulfillment-api"],
  "orders/statestore": ["order-api"],
  "shipping/lockstore": ["shipping-worker"],
  "shipping/schedule": ["shipping-worker"],
};

describe("component scopes", () => {
  it.each(["dev", "staging", "prod"])(
    "in %s equal the apps that declare the component, per namespace",
    async (environment) => {
      const components = (await readManifests()).filter(
        (m) => m.environment === environment && m.object.kind === "Component",
      );
      const scopes = Object.fromEntries(
        components.map((m) => [`${m.object.metadata.namespace}/${m.object.metadata.name}`, m.object.scopes]),
      );
      expect(scopes).toEqual(EXPECTED_SCOPES);
    },
  );
});
