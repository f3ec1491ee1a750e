import type { AppDeclaration } from "../lib/model/declarations/app.ts";

export default {
  id: "fulfillment-api",
  description: "Fulfils created orders, express ones first, books their shipments and tells where an order stands",
  namespace: "orders",
  language: "python",
  image:
    "ghcr.io/trellis-examples/fulfillment-api:0.9.3@sha256:7e4d222c6de46021614a03dcd809f96c426ccb17c669e985f91aacd11911f867",
  port: 8000,
  protocol: "http",
  replicas: { default: 1, prod: 3 },
  resources: { cpu: { request: "100m", limit: "500m" }, memory: { request: "128Mi", limit: "256Mi" } },
  health: { kind: "http", path: "/healthz" },
  methods: [{ name: "fulfilment", verbs: ["GET"] }],
  uses: ["shipments"],
  subscribes: [
    {
      pubsub: "orderpubsub",
      topic: "orders.created",
      route: "/orders",
      rules: [{ match: 'event.data.priority == "express"', path: "/orders/express" }],
      deadLetterTopic: "orders.created.deadletter",
    },
  ],
} satisfies AppDeclaration;
