// The rendered trace pipelines, run for real on loopback: the pinned collector build as gateway and samplers,
// Jaeger v2 in memory as the sink, and spans from @opentelemetry/sdk-node processes configured from the
// rendered Instrumentation (OTLP/HTTP) and Dapr Configurations (OTLP/gRPC, as daprd exports).
import { describe, expect, inject, it } from "vitest";
import { readManifests, find } from "../support/manifests.ts";
import { runPipeline, type PipelineInputs, type RunResult } from "./trace-pipeline/pipeline-run.ts";

const manifests = await readManifests();
const inputsFor = (environment: string): PipelineInputs => ({
  collector: inject("collector"),
  jaeger: inject("jaeger"),
  objects: manifests.filter((m) => m.environment === environment).map((m) => m.object),
  jaegerConfig: find(manifests, "dev", "OpenTelemetryCollector", "jaeger").spec.config,
});

const COUNTS = { error: 40, slow: 40, normal: 800 };

/**
 * The two-sided range a binomial count falls outside with probability below 1e-6: wide enough never to flake,
 * narrow enough to tell the configured share from none, half or all.
 */
function binomialRange(trials: number, p: number): [number, number] {
  const logChoose = (k: number) => logFactorial(trials) - logFactorial(k) - logFactorial(trials - k);
  const probability = (k: number) => Math.exp(logChoose(k) + k * Math.log(p) + (trials - k) * Math.log(1 - p));
  let low = 0;
  for (let tail = 0; low < trials && tail + probability(low) < 5e-7; low += 1) tail += probability(low);
  let high = trials;
  for (let tail = 0; high > 0 && tail + probability(high) < 5e-7; high -= 1) tail += probability(high);
  return [low, high];
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k += 1) sum += Math.log(k);
  return sum;
}

const report = (name: string, result: RunResult) =>
  process.stderr.write(`trace pipeline, ${name}: ${JSON.stringify(result)}\n`);
const total = (counts: typeof COUNTS) => counts.error + counts.slow + counts.normal;

/** What the docs promise of prod's pipeline, each claim checked against one run; returns the claims that failed. */
function brokenPromises(result: RunResult, counts: typeof COUNTS, outage: number): string[] {
  const broken: string[] = [];
  const { error, slow, normal } = result.classes;
  if (error.whole !== counts.error || error.partial > 0) broken.push("every error trace kept whole");
  if (slow.whole !== counts.slow || slow.partial > 0) broken.push("every slow trace kept whole");
  const [low, high] = binomialRange(counts.normal, result.keepPercent / 100);
  if (normal.whole < low || normal.whole > high)
    broken.push(
      `${result.keepPercent}% of the rest kept (${normal.whole} of ${counts.normal}, expected ${low}..${high})`,
    );
  if (normal.partial > 0) broken.push("kept traces arrive whole");
  const seen = result.tracesPerSampler.reduce((sum, count) => sum + count, 0);
  if (seen !== total(counts))
    broken.push(`each trace reaches exactly one sampler (${seen} sightings of ${total(counts)} traces)`);
  if (counts.normal > 0 && !result.tracesPerSampler.every((count) => count > 0))
    broken.push(`both samplers take a share (${result.tracesPerSampler.join(" / ")})`);
  if (outage > 0) {
    if (result.outage?.whole !== outage || result.outage.partial > 0)
      broken.push(`nothing lost while a sampler restarts (${result.outage?.whole ?? 0} of ${outage} whole)`);
    if (!result.outage || result.outage.failedAttempts === 0) broken.push("the gateway met the stopped sampler");
  }
  if (result.droppedByGateway > 0) broken.push(`the gateway drops nothing (${result.droppedByGateway} spans dropped)`);
  if (!result.baggageArrived) broken.push("baggage travels to every hop");
  return broken;
}

describe("prod's pipeline: gateway → two tail samplers → Jaeger", () => {
  it("keeps every error and slow trace whole, the configured share of the rest, never splits a trace, and loses nothing while a sampler restarts", async () => {
    const result = await runPipeline(inputsFor("prod"), { counts: COUNTS, duringSamplerOutage: 40 });
    report("prod", result);
    expect(brokenPromises(result, COUNTS, 40)).toEqual([]);
    expect(result.classes.error).toEqual({ sent: COUNTS.error, whole: COUNTS.error, partial: 0 });
  }, 240_000);

  it("notices a tail-sampling policy that keeps nothing", async () => {
    const counts = { error: 20, slow: 10, normal: 100 };
    const result = await runPipeline(inputsFor("prod"), {
      counts,
      changeSampler: (config) => {
        config.processors.tail_sampling.policies = [
          { name: "nothing", type: "probabilistic", probabilistic: { sampling_percentage: 0 } },
        ];
      },
    });
    expect(result.classes.error.whole).toBe(0);
    expect(brokenPromises(result, counts, 0)).toEqual(
      expect.arrayContaining(["every error trace kept whole", "every slow trace kept whole"]),
    );
  }, 240_000);

  it("notices a gateway that routes by service instead of trace ID", async () => {
    const counts = { error: 20, slow: 0, normal: 100 };
    const result = await runPipeline(inputsFor("prod"), {
      counts,
      changeGateway: (config) => {
        config.exporters.load_balancing.routing_key = "service";
      },
    });
    // order-api and payment-api either hash to different samplers (each trace is split) or to the same one
    // (the other sampler idles): one of the two promises breaks, whichever way the ring falls.
    const broken = brokenPromises(result, counts, 0);
    expect(
      broken.some(
        (claim) =>
          claim.startsWith("each trace reaches exactly one sampler") || claim.startsWith("both samplers take a share"),
      ),
    ).toBe(true);
  }, 240_000);

  it("notices a gateway without its exporter's retry and queue: the spans for a restarting sampler are lost", async () => {
    const counts = { error: 0, slow: 0, normal: 0 };
    const result = await runPipeline(inputsFor("prod"), {
      counts,
      duringSamplerOutage: 20,
      changeGateway: (config) => {
        config.exporters.load_balancing.retry_on_failure = { enabled: false };
        config.exporters.load_balancing.sending_queue = { enabled: false };
      },
    });
    expect(result.droppedByGateway).toBeGreaterThan(0);
    expect(brokenPromises(result, counts, 20)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^nothing lost while a sampler restarts/)]),
    );
  }, 240_000);
});

describe("dev's pipeline: gateway → Jaeger", () => {
  it("delivers every trace whole, nothing sampled away", async () => {
    const result = await runPipeline(inputsFor("dev"), { counts: COUNTS });
    report("dev", result);
    for (const kind of ["error", "slow", "normal"] as const)
      expect(result.classes[kind]).toEqual({ sent: COUNTS[kind], whole: COUNTS[kind], partial: 0 });
    expect(result.droppedByGateway).toBe(0);
    expect(result.duplicateSpans).toBe(0);
    expect(result.baggageArrived).toBe(true);
  }, 240_000);
});
