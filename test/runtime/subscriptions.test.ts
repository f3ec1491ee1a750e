// Subscriptions: v2alpha1 only, routes with rules and a default, dead letters, scoped to the subscriber.
import { describe, expect, it } from "vitest";
import { readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const subscriptions = manifests.filter((m) => m.object.kind === "Subscription");

describe("Dapr Subscriptions", () => {
  it("routes fulfillment-api's orders.created by the express rule, with a default route and a dead-letter topic", () => {
    const fulfillment = subscriptions.filter((m) => m.object.scopes.includes("fulfillment-api"));
    expect(fulfillment.map((m) => m.environment).sort()).toEqual(["dev", "prod", "staging"]);
    for (const { object } of fulfillment) {
      expect(object.spec).toEqual({
        pubsubname: "orderpubsub",
        topic: "orders.created",
        routes: { rules: [{ match: 'event.data.priority == "express"', path: "/orders/express" }], default: "/orders" },
        deadLetterTopic: "orders.created.deadletter",
      });
    }
  });

  it("are all dapr.io/v2alpha1, never v1alpha1 (which needs the conversion webhook)", () => {
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const { object } of subscriptions) expect(object.apiVersion).toBe("dapr.io/v2alpha1");
  });

  it("name a pub/sub Component of their namespace whose scopes include every subscriber", () => {
    for (const subscription of subscriptions) {
      const { object } = subscription;
      const component = manifests.find(
        (m) =>
          m.environment === subscription.environment &&
          m.object.kind === "Component" &&
          m.object.metadata.name === object.spec.pubsubname &&
          m.object.metadata.namespace === object.metadata.namespace,
      );
      expect(component?.object.spec.type).toMatch(/^pubsub\./);
      for (const subscriber of object.scopes) expect(component?.object.scopes).toContain(subscriber);
    }
  });
});
