// One run of an environment's rendered trace pipeline on loopback: senders → gateway → (prod: two samplers) →
// Jaeger in memory. It waits on the engines' own counters (everything accepted has been delivered or
// dropped, every trace a sampler holds has its decision), never on a fixed sleep, then reads what Jaeger holds.
import { waitFor } from "../../../lib/tools/processes.ts";
import {
  exportTo,
  loadBalanceTo,
  startCollector,
  startJaeger,
  type RunningCollector,
  type RunningJaeger,
} from "./engines.ts";
import { storedTraces, type StoredTrace } from "./jaeger-query.ts";
import { appEnvironment, sidecarEnvironment, startService, type Service } from "./services.ts";
import { sendTraces, type Hops, type SentTrace, type TraceClass } from "./traffic.ts";

type Manifest = { [field: string]: any };
type Config = { [field: string]: any };

export interface PipelineInputs {
  readonly collector: string;
  readonly jaeger: string;
  /** The environment's rendered objects. */
  readonly objects: readonly Manifest[];
  /** The sink: dev's rendered Jaeger config (staging and prod render Tempo, which does not run here). */
  readonly jaegerConfig: Config;
}

export interface RunOptions {
  readonly counts: Record<TraceClass, number>;
  /** Traces sent while one sampler is stopped, then restarted (prod only); all of them carry an error. */
  readonly duringSamplerOutage?: number;
  readonly changeGateway?: (config: Config) => void;
  readonly changeSampler?: (config: Config) => void;
}

export interface ClassResult {
  readonly sent: number;
  /** Traces Jaeger holds with every span. */
  readonly whole: number;
  /** Traces Jaeger holds with some spans missing. */
  readonly partial: number;
}

export interface RunResult {
  readonly classes: Record<TraceClass, ClassResult>;
  /** Traces each sampler saw before any restart; a trace seen by two samplers counts twice. */
  readonly tracesPerSampler: readonly number[];
  readonly outage?: ClassResult & { readonly failedAttempts: number };
  /** Spans the gateway's exporter gave up on, by its own count. */
  readonly droppedByGateway: number;
  /** Spans Jaeger accepted more than once (a retried batch that had partly gone through). */
  readonly duplicateSpans: number;
  /** Every kept trace carried the baggage value its root set. */
  readonly baggageArrived: boolean;
  /** From a trace's last span ending to the whole trace being readable in Jaeger, ms. */
  readonly latencyMs: { readonly median: number; readonly max: number };
  readonly peakRssMiB: Record<string, number>;
  readonly slowMs: number;
  readonly keepPercent: number;
}

const SERVICES = ["order-api", "payment-api"];
const DRAIN_DEADLINE_MS = 120_000;

function named(objects: readonly Manifest[], kind: string, name: string, namespace?: string): Manifest {
  const found = objects.find(
    (object) =>
      object.kind === kind &&
      object.metadata?.name === name &&
      (namespace === undefined || object.metadata?.namespace === namespace),
  );
  if (!found) throw new Error(`no rendered ${kind} ${namespace ? `${namespace}/` : ""}${name}`);
  return found;
}

interface Tally {
  readonly sent: SentTrace[];
  /** When each sent trace was first readable whole. */
  readonly wholeAt: Map<string, number>;
}

export async function runPipeline(inputs: PipelineInputs, options: RunOptions): Promise<RunResult> {
  const { objects } = inputs;
  const renderedGateway = named(objects, "OpenTelemetryCollector", "gateway").spec.config;
  const samplerObject = objects.find(
    (object) => object.kind === "OpenTelemetryCollector" && object.metadata?.name === "sampler",
  );
  const tailSampling = samplerObject?.spec.config.processors.tail_sampling;
  const policy = (type: string) =>
    tailSampling?.policies.find((candidate: { type: string }) => candidate.type === type);
  const slowMs = (policy("latency")?.latency.threshold_ms ?? 2000) + 500;
  const keepPercent = policy("probabilistic")?.probabilistic.sampling_percentage ?? 100;

  const stoppable: { stop(): Promise<void> }[] = [];
  const stoppedSent: number[] = [];
  try {
    const jaeger: RunningJaeger = await startJaeger(inputs.jaeger, inputs.jaegerConfig);
    stoppable.push(jaeger.engine);
    const samplers: RunningCollector[] = [];
    const samplerConfig = samplerObject && exportTo(samplerObject.spec.config, `127.0.0.1:${jaeger.grpcPort}`);
    if (samplerConfig) {
      options.changeSampler?.(samplerConfig);
      for (const index of [1, 2]) {
        samplers.push(await startCollector(`sampler-${index}`, inputs.collector, samplerConfig));
        // Through the list, so that a restarted sampler is the one stopped.
        stoppable.push({ stop: () => samplers[index - 1]!.engine.stop() });
      }
    }
    const gatewayConfig = samplerConfig
      ? loadBalanceTo(
          renderedGateway,
          samplers.map((sampler) => `127.0.0.1:${sampler.grpcPort}`),
        )
      : exportTo(renderedGateway, `127.0.0.1:${jaeger.grpcPort}`);
    options.changeGateway?.(gatewayConfig);
    const gateway = await startCollector("gateway", inputs.collector, gatewayConfig);
    stoppable.push(gateway.engine);

    const ports = { grpc: gateway.grpcPort, http: gateway.httpPort };
    const instrumentation = named(objects, "Instrumentation", "tracing", "orders");
    const start = (name: string, env: Record<string, string>) =>
      startService(name, env).then((service) => {
        stoppable.push(service);
        return service;
      });
    const hops: Hops = {
      callerApp: await start("order-api", appEnvironment(instrumentation, ports)),
      callerSidecar: await start(
        "order-api",
        sidecarEnvironment(named(objects, "Configuration", "order-api-config"), ports),
      ),
      calleeSidecar: await start(
        "payment-api",
        sidecarEnvironment(named(objects, "Configuration", "payment-api-config"), ports),
      ),
      calleeApp: await start("payment-api", appEnvironment(instrumentation, ports)),
    };

    const sent = await sendTraces(hops, options.counts, slowMs);
    const tally: Tally = { sent: [...sent], wholeAt: new Map() };
    let stored = await drained(jaeger, gateway, samplers, stoppedSent, tally);
    const tracesPerSampler = await Promise.all(
      samplers.map((sampler) => sampler.metric("otelcol_processor_tail_sampling_new_trace_id_received")),
    );

    let outage: RunResult["outage"];
    let outageSent: SentTrace[] = [];
    if (options.duringSamplerOutage && samplers.length === 2) {
      const stopped = samplers[1]!;
      stoppedSent.push(await stopped.metric("otelcol_exporter_sent_spans"));
      await stopped.engine.stop();
      const failuresBefore = await gateway.metric("otelcol_loadbalancer_backend_outcome", { success: "false" });
      outageSent = await sendTraces(hops, { error: options.duringSamplerOutage, slow: 0, normal: 0 }, slowMs);
      tally.sent.push(...outageSent);
      // The gateway has tried the stopped sampler and failed: only then does the restart prove anything.
      const failedAttempts = await waitFor(
        "the gateway to fail a delivery to the stopped sampler",
        async () => {
          const failures =
            (await gateway.metric("otelcol_loadbalancer_backend_outcome", { success: "false" })) - failuresBefore;
          return failures > 0 ? failures : undefined;
        },
        { deadlineMs: 30_000, watch: [gateway.engine] },
      );
      samplers[1] = await startCollector("sampler-2", inputs.collector, samplerConfig!, {
        grpc: stopped.grpcPort,
        http: stopped.httpPort,
        metrics: stopped.metricsPort,
      });
      stored = await drained(jaeger, gateway, samplers, stoppedSent, tally);
      outage = { ...judge(outageSent, stored), failedAttempts };
    }

    const classes = Object.fromEntries(
      (["error", "slow", "normal"] as const).map((kind) => [
        kind,
        judge(
          sent.filter((trace) => trace.kind === kind),
          stored,
        ),
      ]),
    ) as Record<TraceClass, ClassResult>;
    const kept = [...sent, ...outageSent].filter((trace) => isWhole(trace, stored));
    const latencies = kept.map((trace) => tally.wholeAt.get(trace.traceId)! - trace.endMs).sort((a, b) => a - b);
    const distinct = [...stored.values()].reduce((sum, trace) => sum + trace.size, 0);
    const peakRssMiB: Record<string, number> = {};
    for (const [name, running] of [
      ["jaeger", jaeger],
      ["gateway", gateway],
      ...samplers.map((sampler, index) => [`sampler-${index + 1}`, sampler] as const),
    ] as const) {
      peakRssMiB[name] = (await running.engine.peakRssMiB()) ?? 0;
    }
    return {
      classes,
      tracesPerSampler,
      outage,
      droppedByGateway: await gateway.metric("otelcol_exporter_send_failed_spans"),
      duplicateSpans: (await jaeger.metric("otelcol_receiver_accepted_spans")) - distinct,
      baggageArrived: kept.every((trace) =>
        [...stored.get(trace.traceId)!.values()].some(
          (span) => span.service === "payment-api" && span.tags["tenant"] === trace.tenant,
        ),
      ),
      latencyMs: { median: latencies[Math.floor(latencies.length / 2)] ?? 0, max: latencies.at(-1) ?? 0 },
      peakRssMiB,
      slowMs,
      keepPercent,
    };
  } finally {
    for (const running of stoppable.reverse()) await running.stop();
  }
}

function isWhole(trace: SentTrace, stored: Map<string, StoredTrace>): boolean {
  const spans = stored.get(trace.traceId);
  return spans !== undefined && trace.spanIds.every((id) => spans.has(id));
}

function judge(traces: readonly SentTrace[], stored: Map<string, StoredTrace>): ClassResult {
  const whole = traces.filter((trace) => isWhole(trace, stored)).length;
  const partial = traces.filter((trace) => stored.has(trace.traceId) && !isWhole(trace, stored)).length;
  return { sent: traces.length, whole, partial };
}

/**
 * Waits until the pipeline is at rest: the gateway has accepted every span sent and delivered or dropped all
 * of it, every sampler has decided every trace it holds and delivered what it kept, and Jaeger has accepted
 * all that was delivered. Reads Jaeger as it goes, to time when each trace became readable.
 */
async function drained(
  jaeger: RunningJaeger,
  gateway: RunningCollector,
  samplers: readonly RunningCollector[],
  stoppedSent: readonly number[],
  tally: Tally,
): Promise<Map<string, StoredTrace>> {
  const engines = [jaeger, gateway, ...samplers].map((running) => running.engine);
  return waitFor(
    "the trace pipeline to come to rest",
    async () => {
      await read(jaeger, tally);
      const accepted = await gateway.metric("otelcol_receiver_accepted_spans");
      const settled =
        (await gateway.metric("otelcol_exporter_sent_spans")) +
        (await gateway.metric("otelcol_exporter_send_failed_spans"));
      if (
        accepted < tally.sent.length * 4 ||
        settled < accepted ||
        (await gateway.metric("otelcol_exporter_queue_size")) > 0
      )
        return undefined;
      let delivered = stoppedSent.reduce((sum, value) => sum + value, 0);
      for (const sampler of samplers) {
        const received = await sampler.metric("otelcol_processor_tail_sampling_new_trace_id_received");
        const decided = await sampler.metric("otelcol_processor_tail_sampling_global_count_traces_sampled");
        if (decided < received || (await sampler.metric("otelcol_exporter_queue_size")) > 0) return undefined;
        delivered += await sampler.metric("otelcol_exporter_sent_spans");
      }
      if (samplers.length === 0) delivered = await gateway.metric("otelcol_exporter_sent_spans");
      if ((await jaeger.metric("otelcol_receiver_accepted_spans")) < delivered) return undefined;
      // Jaeger's batch has been accepted; what the query API returns now is everything that will arrive.
      return storedAfterAcceptance(jaeger, tally);
    },
    { deadlineMs: DRAIN_DEADLINE_MS, watch: engines, intervalMs: 250 },
  );
}

/** Accepted spans reach storage through Jaeger's own batch processor: read until its exporter caught up. */
async function storedAfterAcceptance(
  jaeger: RunningJaeger,
  tally: Tally,
): Promise<Map<string, StoredTrace> | undefined> {
  const accepted = await jaeger.metric("otelcol_receiver_accepted_spans");
  const written = await jaeger.metric("otelcol_exporter_sent_spans");
  if (written < accepted) return undefined;
  return read(jaeger, tally);
}

async function read(jaeger: RunningJaeger, tally: Tally): Promise<Map<string, StoredTrace>> {
  const stored = await storedTraces(jaeger.queryPort, SERVICES);
  const now = Date.now();
  for (const trace of tally.sent)
    if (!tally.wholeAt.has(trace.traceId) && isWhole(trace, stored)) tally.wholeAt.set(trace.traceId, now);
  return stored;
}
