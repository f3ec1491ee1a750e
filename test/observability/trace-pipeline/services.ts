// The senders, each a span-emitter process configured from the rendered objects that configure it in a
// cluster: an app from its namespace's Instrumentation (endpoint, propagators, sampler, the Node.js env), a
// sidecar from its app's Dapr Configuration (OTLP over gRPC, sampling rate). Only the host changes, to the
// loopback port of the gateway that the rendered address names.
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { spawnEngine, waitFor, type EngineProcess } from "../../../lib/tools/processes.ts";
import type { EmitOrder, EmitReply } from "./emit-protocol.ts";

type Manifest = { [field: string]: any };

export interface GatewayPorts {
  readonly grpc: number;
  readonly http: number;
}

export interface Service {
  readonly name: string;
  emit(orders: readonly EmitOrder[]): Promise<EmitReply>;
  stop(): Promise<void>;
}

const EMITTER = fileURLToPath(new URL("./span-emitter.ts", import.meta.url));

/** The gateway port a rendered endpoint names, swapped for its loopback twin. */
function onLoopback(endpoint: string, gateway: GatewayPorts): string {
  const port = Number(/:(\d+)\/?$/.exec(endpoint)?.[1]);
  if (port === 4318) return `http://127.0.0.1:${gateway.http}`;
  if (port === 4317) return `http://127.0.0.1:${gateway.grpc}`;
  throw new Error(`the rendered OTLP endpoint ${endpoint} names neither gateway port 4317 nor 4318`);
}

/** An app's SDK settings, as the operator injects them from the Instrumentation into a Node.js container. */
export function appEnvironment(instrumentation: Manifest, gateway: GatewayPorts): Record<string, string> {
  const spec = instrumentation.spec;
  const nodeEnv = Object.fromEntries(
    (spec.nodejs?.env ?? []).map((entry: { name: string; value: string }) => [entry.name, entry.value]),
  );
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: onLoopback(spec.exporter.endpoint, gateway),
    OTEL_PROPAGATORS: spec.propagators.join(","),
    OTEL_TRACES_SAMPLER: spec.sampler.type,
    OTEL_TRACES_SAMPLER_ARG: spec.sampler.argument,
    ...nodeEnv,
  };
}

/**
 * A sidecar's exporter, from the app's Dapr Configuration. daprd 1.18 exports over OTLP with a parent-based
 * ratio sampler at `samplingRate`, under the app ID as service name (runtime.go, createOtelResource).
 */
export function sidecarEnvironment(configuration: Manifest, gateway: GatewayPorts): Record<string, string> {
  const tracing = configuration.spec.tracing;
  if (tracing.otel.protocol !== "grpc")
    throw new Error(`${configuration.metadata.name}: expected OTLP over gRPC, found ${tracing.otel.protocol}`);
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: onLoopback(tracing.otel.endpointAddress, gateway),
    OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
    OTEL_PROPAGATORS: "tracecontext,baggage",
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: tracing.samplingRate,
  };
}

export async function startService(name: string, otel: Record<string, string>): Promise<Service> {
  // The test's own environment must not leak OTEL_* settings into the senders.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("OTEL_")));
  const env = {
    ...inherited,
    ...otel,
    OTEL_SERVICE_NAME: name,
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_LOGS_EXPORTER: "none",
    // Room for one order of spans between flushes; the SDK's default queue (2,048) would drop the rest.
    OTEL_BSP_MAX_QUEUE_SIZE: "8192",
  };
  const engine: EngineProcess = spawnEngine(`span emitter ${name}`, process.execPath, ["--import", "tsx", EMITTER], {
    env,
    conversation: true,
  });
  const replies: string[] = [];
  createInterface({ input: engine.child.stdout! }).on("line", (line) => replies.push(line));
  const nextLine = () =>
    waitFor(`a reply from ${engine.name}`, async () => replies.shift(), {
      deadlineMs: 60_000,
      watch: [engine],
      intervalMs: 20,
    });
  await nextLine();
  return {
    name,
    async emit(orders) {
      engine.child.stdin!.write(`${JSON.stringify(orders)}\n`);
      return JSON.parse(await nextLine()) as EmitReply;
    },
    async stop() {
      engine.child.stdin!.end();
      await waitFor(
        `${engine.name} to flush and exit`,
        async () => (engine.child.exitCode !== null ? true : undefined),
        { deadlineMs: 15_000, intervalMs: 50 },
      ).catch(() => engine.stop());
    },
  };
}
