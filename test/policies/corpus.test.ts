// Hand-written manifests from public projects (../shared/corpus): the rules catch their known pitfalls.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load.ts";
import { runChecks } from "../../policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const CORPUS = join(PROJECT_ROOT, "..", "shared", "corpus");
const rulesFound = async (folder: string) =>
  new Set(
    runChecks(await loadManifests([join(CORPUS, folder)]), "prod").findings.map((f) => `${f.rule}:${f.severity}`),
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
  });
});
