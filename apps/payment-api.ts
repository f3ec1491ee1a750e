import type { AppDeclaration } from "../lib/model/declarations/app.ts";

export default {
  id: "payment-api",
  description: "Charges orders with the payment provider",
  namespace: "orders",
  language: "dotnet",
  image:
    "ghcr.io/trellis-examples/payment-api:2.0.1@sha256:40129f83e1ae6806a054c3532e9dac29061a2373d46ff3725ccef7d5b4ada500",
  port: 8080,
  protocol: "http",
  replicas: { default: 1, staging: 2, prod: 3 },
  resources: { cpu: { request: "100m", limit: "500m" }, memory: { request: "192Mi", limit: "384Mi" } },
  health: { kind: "http", path: "/healthz" },
  methods: [
    { name: "charge", verbs: ["POST"] },
    { name: "status", verbs: ["GET"] },
  ],
  uses: ["secretstore"],
  secrets: [{ store: "secretstore", name: "payment-provider", keys: ["apiKey"] }],
  resiliency: "payment",
} satisfies AppDeclaration;
