// Traces flow by construction: every OTLP endpoint rendered resolves to a Service of the same environment,
// on a port it exposes, speaking the protocol that port serves.
import { blueprint } from "../../blueprint.ts";
import { describe, expect, it } from "vitest";
import { otlpEndpoints, unresolvedEndpoints } from "../../lib/inventory/otlp-endpoints.ts";
import { loadDeclarations } from "../../lib/declarations/load-declarations.ts";
import { resolvePlatform } from "../../lib/model/resolve.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { renderEnvironment } from "../../lib/render/render-environment.ts";
import { parseAllDocuments } from "yaml";
import { readManifests } from "../support/manifests.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const manifests = await readManifests();
const ENVIRONMENTS = ["dev", "staging", "prod"];
const objectsOf = (environment: string) => manifests.filter((m) => m.environment === environment).map((m) => m.object);

function renderObjects(environment: EnvironmentModel) {
  return renderEnvironment(blueprint, environment)
    .flatMap((file) => parseAllDocuments(file.content).map((document) => document.toJS()))
    .filter((object) => object?.kind);
}

describe("OTLP endpoints", () => {
  it.each(ENVIRONMENTS)("all resolve to a Service, port and protocol rendered in %s", (environment) => {
    const objects = objectsOf(environment);
    const senders = new Set(otlpEndpoints(objects).map((endpoint) => endpoint.sender.split(" ")[0]));
    expect([...senders].sort()).toEqual(["Configuration", "Instrumentation", "OpenTelemetryCollector"]);
    expect(unresolvedEndpoints(objects)).toEqual([]);
  });

  it("fail to resolve when the apps' and sidecars' gateway address no longer matches the gateway collector", async () => {
    const platform = resolvePlatform(await loadDeclarations(PROJECT_ROOT));
    const prod = platform.environments.find((environment) => environment.name === "prod");
    if (!prod) throw new Error("no prod environment");
    const gateway = { ...prod.tracing.gateway, host: "gatewy-collector.monitoring.svc.cluster.local" };
    const broken = renderObjects({ ...prod, tracing: { ...prod.tracing, gateway } });
    const senders = [...new Set(unresolvedEndpoints(broken).map((endpoint) => endpoint.sender.split(" ")[0]))].sort();
    expect(senders).toEqual(["Configuration", "Instrumentation"]);
  });

  it("report a port the Service does not expose and a protocol the port does not serve", () => {
    const objects = objectsOf("staging").map((object) =>
      object.kind === "Instrumentation"
        ? {
            ...object,
            spec: {
              ...object.spec,
              exporter: { endpoint: "http://gateway-collector.monitoring.svc.cluster.local:4317" },
            },
          }
        : object,
    );
    const reasons = unresolvedEndpoints(objects).map((endpoint) => endpoint.reason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toContain("serves grpc, the sender speaks http");
    const wrongPort = objectsOf("staging").map((object) =>
      object.kind === "Instrumentation"
        ? {
            ...object,
            spec: {
              ...object.spec,
              exporter: { endpoint: "http://gateway-collector.monitoring.svc.cluster.local:4319" },
            },
          }
        : object,
    );
    expect(unresolvedEndpoints(wrongPort)[0]?.reason).toContain("exposes no port 4319");
  });
});
