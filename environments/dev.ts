import type { EnvironmentDeclaration } from "./schema.ts";

export default {
  name: "dev",
  description: "Shared development cluster: in-cluster backends, verbose sidecars",
  dapr: {
    logLevel: "debug",
    apiLogging: true,
    sidecarResources: { cpu: { request: "50m", limit: "300m" }, memory: { request: "128Mi", limit: "512Mi" } },
  },
} satisfies EnvironmentDeclaration;
