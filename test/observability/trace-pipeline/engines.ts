// The rendered collector and Jaeger configs, started as real processes on loopback. Only what cannot be the
// same outside a cluster changes: listen addresses, the final exporter's endpoint, and the load-balancing
// resolver, whose DNS name of a headless Service becomes the static list of sampler addresses. Every change
// replaces a key the rendered config has, so a rendered config that moves on makes this fail, not drift.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import {
  freePorts,
  portAccepts,
  retryOnPortClash,
  spawnEngine,
  waitFor,
  type EngineProcess,
} from "../../../lib/tools/processes.ts";

type Config = { [field: string]: any };

export interface RunningCollector {
  readonly engine: EngineProcess;
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly metricsPort: number;
  /** Sums of the collector's own counters, read from its Prometheus endpoint. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export interface RunningJaeger extends RunningCollector {
  readonly queryPort: number;
}

function replace(config: Config, path: readonly string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((node, key) => node?.[key], config);
  const last = path.at(-1)!;
  if (parent === undefined || !(last in parent))
    throw new Error(`the rendered config has no ${path.join(".")} to point at loopback`);
  parent[last] = value;
}

/** The one exporter of the traces pipeline: the rendered configs each have exactly one. */
function finalExporter(config: Config): string {
  const exporters: string[] = config.service.pipelines.traces.exporters;
  if (exporters.length !== 1) throw new Error(`expected one traces exporter, found ${exporters.join(", ")}`);
  return exporters[0]!;
}

export function exportTo(rendered: Config, endpoint: string): Config {
  const config = structuredClone(rendered);
  replace(config, ["exporters", finalExporter(config), "endpoint"], endpoint);
  return config;
}

export function loadBalanceTo(rendered: Config, endpoints: readonly string[]): Config {
  const config = structuredClone(rendered);
  const exporter = finalExporter(config);
  if (!exporter.startsWith("load_balancing"))
    throw new Error(`the gateway exports through ${exporter}, not load_balancing`);
  // A static list, because nothing resolves the headless Service's DNS name outside a cluster.
  replace(config, ["exporters", exporter, "resolver"], { static: { hostnames: [...endpoints] } });
  return config;
}

async function metricsOf(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || (match[1] !== name && match[1] !== `${name}_total`)) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

async function start(
  name: string,
  binary: string,
  config: Config,
  ports: { grpc: number; http?: number; metrics: number; query?: number },
): Promise<EngineProcess> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-pipeline-"));
  const file = join(folder, "config.yaml");
  await writeFile(file, stringify(config));
  const engine = spawnEngine(name, binary, [`--config=${file}`]);
  engine.child.once("exit", () => void rm(folder, { recursive: true, force: true }));
  try {
    const listening = [ports.grpc, ports.http, ports.metrics, ports.query].filter(
      (port): port is number => port !== undefined,
    );
    await waitFor(
      `${name} listening on ${listening.join(", ")}`,
      async () => ((await Promise.all(listening.map(portAccepts))).every(Boolean) ? true : undefined),
      { deadlineMs: 60_000, watch: [engine] },
    );
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

function onLoopback(rendered: Config, ports: { grpc: number; http: number; metrics: number }): Config {
  const config = structuredClone(rendered);
  replace(config, ["receivers", "otlp", "protocols", "grpc", "endpoint"], `127.0.0.1:${ports.grpc}`);
  replace(config, ["receivers", "otlp", "protocols", "http", "endpoint"], `127.0.0.1:${ports.http}`);
  // Each process on its own metrics port instead of everyone's default 8888.
  config.service.telemetry = {
    metrics: { readers: [{ pull: { exporter: { prometheus: { host: "127.0.0.1", port: ports.metrics } } } }] },
  };
  return config;
}

/** Starts a collector from a config; `restartable` keeps the ports so a restart comes back on the same address. */
export async function startCollector(
  name: string,
  binary: string,
  config: Config,
  reuse?: { grpc: number; http: number; metrics: number },
): Promise<RunningCollector> {
  const startOn = async (ports: { grpc: number; http: number; metrics: number }): Promise<RunningCollector> => {
    const engine = await start(name, binary, onLoopback(config, ports), ports);
    return {
      engine,
      grpcPort: ports.grpc,
      httpPort: ports.http,
      metricsPort: ports.metrics,
      metric: (metric, labels) => metricsOf(ports.metrics, metric, labels),
    };
  };
  if (reuse) return startOn(reuse);
  return retryOnPortClash(async () => {
    const [grpc, http, metrics] = (await freePorts(3)) as [number, number, number];
    return startOn({ grpc, http, metrics });
  });
}

export function startJaeger(binary: string, rendered: Config): Promise<RunningJaeger> {
  return retryOnPortClash(() => startJaegerOnFreePorts(binary, rendered));
}

async function startJaegerOnFreePorts(binary: string, rendered: Config): Promise<RunningJaeger> {
  const [grpc, http, metrics, query, queryGrpc] = (await freePorts(5)) as [number, number, number, number, number];
  const config = onLoopback(rendered, { grpc, http, metrics });
  // Jaeger's query service listens on 16686/16685 of every interface unless told otherwise.
  config.extensions.jaeger_query.http = { endpoint: `127.0.0.1:${query}` };
  config.extensions.jaeger_query.grpc = { endpoint: `127.0.0.1:${queryGrpc}` };
  const engine = await start("jaeger", binary, config, { grpc, http, metrics, query });
  return {
    engine,
    grpcPort: grpc,
    httpPort: http,
    metricsPort: metrics,
    queryPort: query,
    metric: (metric, labels) => metricsOf(metrics, metric, labels),
  };
}
