import type { AppDeclaration } from "../lib/model/declarations/app.ts";

export default {
  id: "order-api",
  description:
    "Takes orders, charges them through payment-api, asks fulfillment-api where they stand and runs the order workflow",
  namespace: "orders",
  language: "nodejs",
  image:
    "ghcr.io/trellis-examples/order-api:1.4.2@sha256:6958571cb7e752c298edee61e34d0619adc6eb4755de3095ad764860fbf35a70",
  port: 8080,
  protocol: "http",
  replicas: { default: 1, staging: 2, prod: 3 },
  resources: { cpu: { request: "100m", limit: "500m" }, memory: { request: "128Mi", limit: "256Mi" } },
  health: { kind: "http", path: "/healthz" },
  uses: ["statestore"],
  invokes: [
    { app: "payment-api", method: "charge", verbs: ["POST"] },
    { app: "fulfillment-api", method: "fulfilment", verbs: ["GET"] },
  ],
  publishes: [{ pubsub: "orderpubsub", topic: "orders.created" }],
  actors: true,
  exposedTo: ["ingress-nginx"],
} satisfies AppDeclaration;
