import type { AppDeclaration } from "../lib/model/declarations/app.ts";

export default {
  id: "shipping-worker",
  description: "Dispatches booked shipments on a schedule, one worker at a time",
  namespace: "shipping",
  language: "go",
  image:
    "ghcr.io/trellis-examples/shipping-worker:3.2.0@sha256:6366e14f03bd78c3373e46f8e6132dc2bf2bd9bc2a69bf0b82a71a89d599194a",
  port: 50051,
  protocol: "grpc",
  replicas: { default: 1, prod: 2 },
  resources: { cpu: { request: "50m", limit: "250m" }, memory: { request: "64Mi", limit: "128Mi" } },
  health: { kind: "grpc" },
  executable: "/app/shipping-worker",
  uses: ["schedule", "lockstore"],
} satisfies AppDeclaration;
