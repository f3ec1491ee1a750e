import type { EnvironmentDeclaration } from "../lib/model/declarations/environment.ts";

export default {
  name: "dev",
  description: "Shared development cluster: in-cluster backends, verbose sidecars",
  profile: "dev",
  dapr: {
    logLevel: "debug",
    apiLogging: true,
    sidecarResources: { cpu: { request: "50m", limit: "300m" }, memory: { request: "128Mi", limit: "512Mi" } },
    gracefulShutdownSeconds: 5,
    trustDomain: "dev.trellis",
    accessControl: "allow",
    controlPlane: { highAvailability: false, workloadCertTTL: "24h", schedulerStorage: { size: "1Gi" } },
    resiliency: { apps: "service-call", components: "component-call", deliveries: "event-delivery" },
  },
  tracing: {
    samplingRate: 1,
    gatewayReplicas: 1,
    backend: { kind: "jaeger-memory", maxTraces: 100000 },
    // No metrics or logs backend: the SDKs are told not to export them.
    otherSignals: { metrics: "none", logs: "none" },
  },
  secrets: { provider: "bootstrap" },
  inCluster: { redis: { namespace: "backends" } },
  requireImageDigests: false,
  delivery: {
    repoURL: "https://github.com/trellis-examples/trellis.git",
    revision: { kind: "branch", name: "main" },
    prune: true,
  },
} satisfies EnvironmentDeclaration;
