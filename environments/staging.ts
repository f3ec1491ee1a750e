import type { EnvironmentDeclaration } from "../lib/model/declarations/environment.ts";

export default {
  name: "staging",
  description: "Pre-production: external PostgreSQL and Kafka, production-like sidecars",
  profile: "staging",
  dapr: {
    logLevel: "info",
    apiLogging: false,
    sidecarResources: { cpu: { request: "100m", limit: "300m" }, memory: { request: "250Mi", limit: "1000Mi" } },
    gracefulShutdownSeconds: 20,
    trustDomain: "staging.trellis",
    accessControl: "deny",
    controlPlane: { highAvailability: false, workloadCertTTL: "24h", schedulerStorage: { size: "16Gi" } },
    resiliency: { apps: "service-call", components: "component-call", deliveries: "event-delivery" },
  },
  settings: {
    kafkaBrokers: "kafka-0.staging.internal.example.com:9093,kafka-1.staging.internal.example.com:9093",
    lockRedisHost: "redis.staging.internal.example.com:6380",
  },
  tracing: {
    samplingRate: 0.5,
    gatewayReplicas: 2,
    backend: { kind: "tempo", retention: "72h", storageSize: "20Gi" },
    otherSignals: { metrics: "none", logs: "none" },
  },
  secrets: {
    provider: "external-secrets",
    clusterSecretStore: "vault",
    vault: {
      server: "https://vault.staging.internal.example.com:8200",
      path: "secret",
      authMountPath: "kubernetes-staging",
      role: "trellis-external-secrets",
    },
    remoteKeyPrefix: "trellis/staging/",
    refreshInterval: "1h",
  },
  requireImageDigests: false,
  delivery: {
    repoURL: "https://github.com/trellis-examples/trellis.git",
    revision: { kind: "tag", name: "v0.5.0" },
    prune: true,
  },
} satisfies EnvironmentDeclaration;
