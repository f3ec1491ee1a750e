// Makes sure the pinned upstream engines are there before any test runs, building them with Go when missing.
// An engine that cannot be had fails the whole run: a suite that skips its real engines would pass without
// having proven anything.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig, resolveSchemaLocation } from "../../lib/config.ts";
import { showProgress } from "../../lib/telemetry/progress.ts";
import { ENGINE_PHASE, ensureEngines, type Engines } from "../../lib/tools/engines.ts";
import { leftSince, snapshot } from "./leftovers.ts";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconform: string;
    kustomize: string;
    actionlint: string;
    helmOutputCache: string;
    runScratch: string;
    controlPlane: Engines["controlPlane"];
    clusterNodes: Engines["clusterNodes"];
    helm: string;
    argocdHealth: string;
    collector: string;
    jaeger: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const before = snapshot();
  const stop = showProgress(process.stderr, { phases: [ENGINE_PHASE] });
  const root = resolve(import.meta.dirname, "../..");
  const sources = resolveSchemaLocation(root, (await loadConfig(root)).engines.sources);
  const engines = await ensureEngines((line) => process.stderr.write(`${line}\n`), sources).finally(stop);
  project.provide("kubeconform", engines.kubeconform);
  project.provide("kustomize", engines.kustomize);
  project.provide("actionlint", engines.actionlint);
  project.provide("controlPlane", engines.controlPlane);
  project.provide("clusterNodes", engines.clusterNodes);
  project.provide("helm", engines.helm);
  project.provide("argocdHealth", engines.argocdHealth);
  project.provide("collector", engines.collector);
  project.provide("jaeger", engines.jaeger);
  // Chart output for the whole run: the inventory suites render the same charts with the same values.
  const helmOutputCache = await mkdtemp(join(tmpdir(), "trellis-helm-output-"));
  project.provide("helmOutputCache", helmOutputCache);
  // Files shared by the test files of one worker for the whole run (the rendered reference); removed at the end.
  const runScratch = await mkdtemp(join(tmpdir(), "trellis-run-"));
  project.provide("runScratch", runScratch);
  return async () => {
    await rm(helmOutputCache, { recursive: true, force: true });
    await rm(runScratch, { recursive: true, force: true });
    // Tests leave nothing behind: a leftover fails the run, naming what was left.
    const left = leftSince(before, process.pid);
    if (left.length > 0) throw new Error(`the test run left things behind:\n${left.join("\n")}`);
  };
}
