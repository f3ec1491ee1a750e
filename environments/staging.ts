import type { EnvironmentDeclaration } from "./schema.ts";

export default {
  name: "staging",
  description: "Pre-production: external PostgreSQL and Kafka, production-like sidecars",
  dapr: {
    logLevel: "info",
    apiLogging: false,
    sidecarResources: { cpu: { request: "100m", limit: "300m" }, memory: { request: "250Mi", limit: "1000Mi" } },
  },
  settings: {
    kafkaBrokers: "kafka-0.staging.internal.example.com:9093,kafka-1.staging.internal.example.com:9093",
    lockRedisHost: "redis.staging.internal.example.com:6380",
  },
} satisfies EnvironmentDeclaration;
