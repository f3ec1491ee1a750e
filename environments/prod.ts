import type { EnvironmentDeclaration } from "../lib/model/declarations/environment.ts";

export default {
  name: "prod",
  description: "Production: external PostgreSQL and Kafka, sidecars sized per Dapr's production guide",
  profile: "prod",
  dapr: {
    logLevel: "info",
    apiLogging: false,
    sidecarResources: { cpu: { request: "100m", limit: "300m" }, memory: { request: "250Mi", limit: "1000Mi" } },
    gracefulShutdownSeconds: 20,
    trustDomain: "prod.trellis",
    accessControl: "deny",
    controlPlane: { highAvailability: true, workloadCertTTL: "4h", schedulerStorage: { size: "16Gi" } },
    resiliency: { apps: "service-call", components: "component-call", deliveries: "event-delivery" },
  },
  settings: {
    kafkaBrokers:
      "kafka-0.prod.internal.example.com:9093,kafka-1.prod.internal.example.com:9093,kafka-2.prod.internal.example.com:9093",
    lockRedisHost: "redis.prod.internal.example.com:6380",
  },
  tracing: {
    samplingRate: 1,
    gatewayReplicas: 2,
    backend: { kind: "tempo", retention: "336h", storageSize: "100Gi", disruptionBudget: true },
    otherSignals: { metrics: "none", logs: "none" },
    tailSampling: { replicas: 3, keepSlowerThanMs: 2000, keepPercent: 10 },
  },
  secrets: {
    provider: "external-secrets",
    clusterSecretStore: "vault",
    vault: {
      server: "https://vault.prod.internal.example.com:8200",
      path: "secret",
      authMountPath: "kubernetes-prod",
      role: "trellis-external-secrets",
    },
    remoteKeyPrefix: "trellis/prod/",
    refreshInterval: "1h",
  },
  requireImageDigests: true,
  delivery: {
    repoURL: "https://github.com/trellis-examples/trellis.git",
    revision: { kind: "tag", name: "v0.4.0" },
    prune: false,
    highAvailability: true,
  },
} satisfies EnvironmentDeclaration;
