// Every rendered collector config, read by the real collector (release 0.158.0, the components Trellis renders)
// the way it decodes its config at start-up. Jaeger's config needs Jaeger's own binary and is not checked here.
import { describe, expect, inject, it } from "vitest";
import { validateCollectorConfig } from "../../lib/tools/collector.ts";
import { readManifests } from "../support/manifests.ts";

const collector = inject("collector");
const manifests = await readManifests();
const collectors = manifests.filter((m) => m.object.kind === "OpenTelemetryCollector" && m.object.metadata.name !== "jaeger");

describe("collector configs in the real collector", () => {
  it("covers every gateway and sampler of every environment", () => {
    expect(collectors.map((m) => `${m.environment}/${m.object.metadata.name}`).sort()).toEqual(["dev/gateway", "prod/gateway", "prod/sampler", "staging/gateway"]);
  });

  it.each(collectors.map((m) => [`${m.environment}/${m.object.metadata.name}`, m.object.spec.config]))("%s starts", async (_name, config) => {
    expect(await validateCollectorConfig(collector, config)).toBeUndefined();
  });

  it("refuses a number where the load-balancing resolver wants a string, with the collector's own message", async () => {
    const gateway = structuredClone(collectors.find((m) => m.environment === "prod" && m.object.metadata.name === "gateway")?.object.spec.config);
    gateway.exporters.load_balancing.resolver.dns.port = 4317;
    expect(await validateCollectorConfig(collector, gateway)).toMatch(/'port' expected type 'string', got unconvertible type 'int'/);
  });

  it("refuses an unknown key", async () => {
    const gateway = structuredClone(collectors.find((m) => m.environment === "dev" && m.object.metadata.name === "gateway")?.object.spec.config);
    gateway.processors.batch.send_batch_sise = 10;
    expect(await validateCollectorConfig(collector, gateway)).toMatch(/has invalid keys: send_batch_sise/);
  });
});
