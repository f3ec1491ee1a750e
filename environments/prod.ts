import type { EnvironmentDeclaration } from "./schema.ts";

export default {
  name: "prod",
  description: "Production: external PostgreSQL and Kafka, sidecars sized per Dapr's production guide",
  dapr: {
    logLevel: "info",
    apiLogging: false,
    sidecarResources: { cpu: { request: "100m", limit: "300m" }, memory: { request: "250Mi", limit: "1000Mi" } },
  },
  settings: {
    kafkaBrokers: "kafka-0.prod.internal.example.com:9093,kafka-1.prod.internal.example.com:9093,kafka-2.prod.internal.example.com:9093",
    lockRedisHost: "redis.prod.internal.example.com:6380",
  },
} satisfies EnvironmentDeclaration;
