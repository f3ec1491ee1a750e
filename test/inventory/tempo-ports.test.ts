// Tempo on the rendered chart: the chart keeps its Jaeger receivers (its Service template reads them), so the
// monitoring namespace's NetworkPolicies must let nothing reach them, and OTLP/gRPC only from the collector that
// exports to Tempo. Also the values the chart reads: no usage reporting, resources, and prod's disruption budget.
import { blueprint } from "../../blueprint.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { admittedPeers } from "../../runtime/gates/network-reachability.ts";
import { buildInventory, type Inventory } from "../../lib/inventory/inventory.ts";
import { tempoPodLabels } from "../../lib/model/tracing.ts";
import { renderPlatform } from "../../lib/synth.ts";
import { inventoryOptions } from "../support/inventories.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const JAEGER_PORTS = [6831, 6832, 14250, 14268];
const inventories = new Map<string, Inventory>();

beforeAll(async () => {
  const rendered = await renderPlatform(blueprint, PROJECT_ROOT);
  for (const environment of ["staging", "prod"])
    inventories.set(environment, await buildInventory(rendered, environment, await inventoryOptions()));
});

const chartObject = (environment: string, kind: string, name: string) => {
  const found = inventories
    .get(environment)
    ?.objects.find(
      (item) => item.origin === "tempo" && item.object.kind === kind && item.object.metadata.name === name,
    )?.object;
  if (!found) throw new Error(`the tempo chart renders no ${kind} ${name} in ${environment}`);
  return found;
};

describe.each(["staging", "prod"])("Tempo in %s", (environment) => {
  it("still has its Jaeger receiver ports on the Service, and no NetworkPolicy admits anything to them", () => {
    const inventory = inventories.get(environment) as Inventory;
    const ports = (chartObject(environment, "Service", "tempo").spec.ports as { port: number }[]).map(
      (port) => port.port,
    );
    for (const port of JAEGER_PORTS) expect(ports, `Service port ${port}`).toContain(port);
    for (const port of JAEGER_PORTS)
      expect(admittedPeers(inventory, "monitoring", tempoPodLabels("tempo"), port), `port ${port}`).toEqual([]);
  });

  it("admits OTLP/gRPC from the collector that exports to it, and nothing else", () => {
    const exporter = environment === "prod" ? "sampler" : "gateway";
    expect(
      admittedPeers(inventories.get(environment) as Inventory, "monitoring", tempoPodLabels("tempo"), 4317),
    ).toEqual([
      `allow-otlp-from-collectors: ${JSON.stringify({ podSelector: { matchLabels: { "app.kubernetes.io/component": "opentelemetry-collector", "app.kubernetes.io/instance": `monitoring.${exporter}`, "app.kubernetes.io/managed-by": "opentelemetry-operator", "app.kubernetes.io/part-of": "opentelemetry" } } })}`,
    ]);
  });

  it("reports no usage, and runs with requests and a memory limit", () => {
    const config = parse(chartObject(environment, "ConfigMap", "tempo").data["tempo.yaml"]);
    expect(config.usage_report.reporting_enabled).toBe(false);
    const tempo = (
      chartObject(environment, "StatefulSet", "tempo").spec.template.spec.containers as {
        name: string;
        resources: any;
      }[]
    ).find((container) => container.name === "tempo");
    expect(tempo?.resources).toEqual({ requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } });
  });

  it(`${environment === "prod" ? "has" : "has no"} a disruption budget that selects the chart's pod`, () => {
    const inventory = inventories.get(environment) as Inventory;
    const budget = inventory.objects.find(
      (item) =>
        item.object.kind === "PodDisruptionBudget" &&
        item.namespace === "monitoring" &&
        item.object.metadata.name === "tempo",
    )?.object;
    if (environment !== "prod") return expect(budget).toBeUndefined();
    const podLabels = chartObject(environment, "StatefulSet", "tempo").spec.template.metadata.labels;
    expect(budget?.spec.minAvailable).toBe(1);
    for (const [key, value] of Object.entries(budget?.spec.selector.matchLabels ?? {}))
      expect(podLabels[key], key).toBe(value);
  });
});

describe("the port proof", () => {
  it("would see a Jaeger port admitted by a policy that opens it", () => {
    const inventory = inventories.get("prod") as Inventory;
    const opened: Inventory = {
      ...inventory,
      objects: [
        ...inventory.objects,
        {
          ...inventory.objects[0]!,
          object: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: "open-jaeger", namespace: "monitoring" },
            spec: {
              podSelector: { matchLabels: tempoPodLabels("tempo") },
              policyTypes: ["Ingress"],
              ingress: [{ ports: [{ port: 14250 }] }],
            },
          },
          namespace: "monitoring",
        },
      ],
    };
    expect(admittedPeers(opened, "monitoring", tempoPodLabels("tempo"), 14250)).toEqual(["anyone"]);
  });
});
