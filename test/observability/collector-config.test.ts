// Every rendered collector config, read by the binary that will run it, the way it decodes its config at start-up:
// gateways and samplers by a collector of release 0.158.0 with the components Trellis renders, dev's Jaeger by
// Jaeger v2 itself (v2.13.0, the newest the module proxy serves; the image Trellis runs is newer).
import { describe, expect, inject, it } from "vitest";
import { explainRefusal, validateCollectorConfig } from "../../lib/tools/collector.ts";
import { withSignalPipelines } from "../../platform/observability/collector-config.ts";
import { readManifests } from "../support/manifests.ts";

const collector = inject("collector");
const jaeger = inject("jaeger");
const manifests = await readManifests();
const all = manifests.filter((m) => m.object.kind === "OpenTelemetryCollector");
const collectors = all.filter((m) => m.object.metadata.name !== "jaeger");
const configOf = (environment: string, name: string) =>
  structuredClone(
    all.find((m) => m.environment === environment && m.object.metadata.name === name)?.object.spec.config,
  );

describe("collector configs in the real collector", () => {
  it("covers every gateway and sampler of every environment", () => {
    expect(collectors.map((m) => `${m.environment}/${m.object.metadata.name}`).sort()).toEqual([
      "dev/gateway",
      "prod/gateway",
      "prod/sampler",
      "staging/gateway",
    ]);
  });

  it.each(collectors.map((m) => [`${m.environment}/${m.object.metadata.name}`, m.object.spec.config]))(
    "%s starts",
    async (_name, config) => {
      expect(await validateCollectorConfig(collector, config)).toBeUndefined();
    },
  );

  it("starts with the metrics and logs pipelines an environment routes to a backend (tracing.otherSignals)", async () => {
    const gateway = withSignalPipelines(configOf("staging", "gateway"), {
      metrics: "https://metrics.example.com:4318",
      logs: "https://logs.example.com:4318",
    });
    expect(Object.keys(gateway.service.pipelines).sort()).toEqual(["logs", "metrics", "traces"]);
    expect(await validateCollectorConfig(collector, gateway)).toBeUndefined();
  });

  it("refuses a number where the load-balancing resolver wants a string, with the collector's own message", async () => {
    const gateway = configOf("prod", "gateway");
    gateway.exporters.load_balancing.resolver.dns.port = 4317;
    const refused = await validateCollectorConfig(collector, gateway);
    expect(refused).toMatch(/'port' expected type 'string', got unconvertible type 'int'/);
    expect(explainRefusal(refused!)).toEqual({
      field: "exporters.load_balancing.resolver.dns.port",
      reason: "'port' expected type 'string', got unconvertible type 'int'",
    });
  });

  it("refuses an unknown key", async () => {
    const gateway = configOf("dev", "gateway");
    gateway.processors.batch.send_batch_sise = 10;
    const refused = await validateCollectorConfig(collector, gateway);
    expect(refused).toMatch(/has invalid keys: send_batch_sise/);
    expect(explainRefusal(refused!)).toEqual({
      field: "processors.batch.send_batch_sise",
      reason: "'batchprocessor.Config' has invalid keys: send_batch_sise",
    });
  });

  it("names the pipeline that wires in a component nobody configured", async () => {
    const gateway = configOf("staging", "gateway");
    gateway.service.pipelines.traces.processors.push("tail_sampling");
    const refused = await validateCollectorConfig(collector, gateway);
    expect(explainRefusal(refused!)).toEqual({
      field: "service.pipelines.traces",
      reason: expect.stringMatching(/references processor "tail_sampling" which is not configured$/),
    });
  });
});

describe("dev's Jaeger config in Jaeger v2", () => {
  it("starts", async () => {
    expect(await validateCollectorConfig(jaeger, configOf("dev", "jaeger"))).toBeUndefined();
  });

  it("refuses an unknown key in its query extension", async () => {
    const config = configOf("dev", "jaeger");
    config.extensions.jaeger_query.enable_tracin = false;
    expect(await validateCollectorConfig(jaeger, config)).toMatch(/has invalid keys: enable_tracin/);
  });
});
