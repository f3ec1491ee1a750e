// Hand-written manifests from public projects (../shared/corpus): the rules catch their known pitfalls.
import { blueprint } from "../../blueprint.ts";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load-manifests.ts";
import { runChecks } from "../../lib/policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const RULES = blueprint.rules;

const CORPUS = join(PROJECT_ROOT, "..", "shared", "corpus");
const rulesFound = async (folder: string) =>
  new Set(
    runChecks(RULES, await loadManifests([join(CORPUS, folder)]), "prod").findings.map(
      (f) => `${f.rule}:${f.severity}`,
    ),
  );

describe("the corpus", () => {
  it("flags the OpenTelemetry GitOps demo's ignored ApplicationSet waves and its in-memory Jaeger", async () => {
    const found = await rulesFound("otel-jaeger-gitops-demo");
    expect(found).toContain("argocd/appset-wave-ignored:warning");
    expect(found).toContain("otel/memory-storage:error");
  });

  it("flags the Dapr quickstarts' unscoped components and latest images", async () => {
    const found = await rulesFound("dapr-quickstarts");
    expect(found).toContain("dapr/component-unscoped:error");
    expect(found).toContain("k8s/image-unpinned:error");
    // Their five Components (kafka_bindings.yaml, three redis.yaml, state_redis.yaml) against the Dapr 1.18.3
    // contracts: one warning, and rightly. kafka_bindings.yaml sets authRequired, which no metadata.yaml of
    // bindings.kafka lists, yet Kafka still reads it (components-contrib common/component/kafka/metadata.go: with
    // authType unset, "false" becomes authType "none", with a deprecation log): it loads, so a warning, not an
    // error, and authType does not count as missing. No error: the redis files give redisHost and redisPassword as
    // secretKeyRef, state_redis.yaml's empty redisPassword carries no credential, and actorStateStore is daprd's
    // own field of every state store.
    expect([...found].filter((rule) => rule.startsWith("dapr/component-metadata:"))).toEqual([
      "dapr/component-metadata:warning",
    ]);
  });

  it("finds nothing wrong with the OpenTelemetry GitOps demo's Components: it has none", async () => {
    const found = await rulesFound("otel-jaeger-gitops-demo");
    expect([...found].filter((rule) => rule.startsWith("dapr/component-metadata:"))).toEqual([]);
  });
});
