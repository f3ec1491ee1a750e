// The whole inventory (Trellis's objects plus every chart's Helm output, rendered by the real Helm 4.2.1) through
// the gates that decide whether an environment installs: AppProject permissions, chart value keys, and Argo CD's
// own health assessment. Each gate has a case that breaks it.
import { blueprint } from "../../blueprint.ts";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { HEALTH_CHECKS } from "../../argocd/bootstrap/health-checks.ts";
import { loadConfig } from "../../lib/config.ts";
import { formatGateFinding } from "../../lib/gates/gate.ts";
import { builtInHealthScripts, checkHealth } from "../../argocd/gates/health.ts";
import { checkProjectPermissions } from "../../argocd/project-permissions.ts";
import { runGates } from "../../lib/gates/run-gates.ts";
import { checkValuesKeys } from "../../argocd/gates/values-keys.ts";
import { chartArchive } from "../../lib/inventory/chart-cache.ts";
import { buildInventory, type Inventory } from "../../lib/inventory/inventory.ts";
import { renderPlatform, type RenderedPlatform } from "../../lib/synth.ts";
import { assessHealth } from "../../lib/tools/argocd-health.ts";
import { inventoryOptions } from "../support/inventories.ts";
import { PROJECT_ROOT } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const helm = inject("helm");
const argocdHealth = inject("argocdHealth");
const config = await loadConfig(PROJECT_ROOT);
const chartCache = join(PROJECT_ROOT, config.charts.cache);
const builtInFolder = join(PROJECT_ROOT, config.argocd.builtInHealthScripts ?? "");
const archiveOf = (chart: { repoURL: string; chart: string; version: string }) => chartArchive(chartCache, chart, helm);

let rendered: RenderedPlatform;
const inventories = new Map<string, Inventory>();
const inventoryOf = async (environment: string, platform = rendered) =>
  buildInventory(platform, environment, await inventoryOptions());

beforeAll(async () => {
  rendered = await renderPlatform(blueprint, PROJECT_ROOT);
  for (const environment of ["dev", "staging", "prod"]) inventories.set(environment, await inventoryOf(environment));
});

const application = (inventory: Inventory, name: string) => {
  const found = inventory.objects.find(
    (item) => item.object.kind === "Application" && item.object.metadata.name === name,
  );
  if (!found) throw new Error(`no Application ${name}`);
  return found.object;
};

describe.each(["dev", "staging", "prod"])("the %s inventory", (environment) => {
  it("attributes every chart object to its Application, that Application's wave and the environment's project", () => {
    const inventory = inventories.get(environment) as Inventory;
    const fromCharts = inventory.objects.filter((item) => item.origin !== "trellis");
    expect(new Set(fromCharts.map((item) => item.origin))).toContain("dapr");
    for (const item of fromCharts) {
      expect(item.application, item.source).toBe(item.origin);
      expect(item.project).toBe(`trellis-${environment}`);
    }
    // The operators layer syncs in wave 2, so every object of the Dapr chart does too.
    expect(new Set(fromCharts.filter((item) => item.origin === "dapr").map((item) => item.wave.application))).toEqual(
      new Set([2]),
    );
    // The chart's own daprsystem Configuration is part of what Argo CD applies.
    expect(
      inventory.objects.some(
        (item) =>
          item.origin === "dapr" && item.object.kind === "Configuration" && item.object.metadata.name === "daprsystem",
      ),
    ).toBe(true);
  });

  it("passes the AppProject permissions Argo CD enforces, for chart objects too", () => {
    expect(checkProjectPermissions(inventories.get(environment) as Inventory).map(formatGateFinding)).toEqual([]);
  });

  it("sets only chart values the charts define", async () => {
    expect(
      (await checkValuesKeys(inventories.get(environment) as Inventory, archiveOf)).map(formatGateFinding),
    ).toEqual([]);
  });

  it("has no object Argo CD would call Degraded before its controllers act", async () => {
    const findings = await checkHealth(
      inventories.get(environment) as Inventory,
      argocdHealth,
      HEALTH_CHECKS,
      await builtInHealthScripts(builtInFolder),
    );
    expect(findings.map(formatGateFinding)).toEqual([]);
  });
});

describe("each gate catches what it is for", () => {
  it("project permissions: the Dapr chart's default secret-reader Role lands in a namespace the project does not allow", async () => {
    const platform = structuredClone(rendered);
    const inventory = await inventoryOf("prod", platform);
    application(inventory, "dapr").spec.source.helm.valuesObject.dapr_rbac.secretReader.enabled = true;
    // Render again from the changed Application: the inventory is built from the Applications' values.
    const folder = platform.folders.find((candidate) => candidate.name === "prod");
    const file = folder?.files.find((candidate) => candidate.path === "operators/application-dapr.yaml");
    if (!folder || !file) throw new Error("test setup: no dapr Application file");
    (file as { content: string }).content = file.content.replace(
      "secretReader:\n            enabled: false",
      "secretReader:\n            enabled: true",
    );
    const findings = checkProjectPermissions(await inventoryOf("prod", platform)).map(formatGateFinding);
    expect(findings).toEqual([
      "prod: Role default/secret-reader (dapr chart: dapr/charts/dapr_rbac/templates/secret-reader.yaml, synced by dapr): [project-permissions] namespace default is not permitted in project trellis-prod; Argo CD refuses the whole sync of dapr",
      "prod: RoleBinding default/dapr-secret-reader (dapr chart: dapr/charts/dapr_rbac/templates/secret-reader.yaml, synced by dapr): [project-permissions] namespace default is not permitted in project trellis-prod; Argo CD refuses the whole sync of dapr",
    ]);
  });

  it("project permissions: a cluster-scoped kind the project does not whitelist", () => {
    const inventory = inventories.get("dev") as Inventory;
    const project = inventory.objects.find((item) => item.object.kind === "AppProject");
    const narrowed: Inventory = {
      ...inventory,
      objects: inventory.objects.map((item) =>
        item === project
          ? {
              ...item,
              object: {
                ...item.object,
                spec: {
                  ...item.object.spec,
                  clusterResourceWhitelist: item.object.spec.clusterResourceWhitelist.filter(
                    (entry: { kind: string }) => entry.kind !== "ClusterRole",
                  ),
                },
              },
            }
          : item,
      ),
    };
    const findings = checkProjectPermissions(narrowed);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((finding) => finding.kind))).toEqual(new Set(["ClusterRole"]));
    expect(findings[0]?.message).toMatch(
      /^cluster-scoped rbac\.authorization\.k8s\.io\/ClusterRole is not in project trellis-dev's clusterResourceWhitelist/,
    );
  });

  it("values keys: a misspelt key in a chart Application's values", async () => {
    const original = inventories.get("prod") as Inventory;
    const inventory: Inventory = { ...original, objects: structuredClone(original.objects) };
    const values = application(inventory, "dapr").spec.source.helm.valuesObject;
    values.dapr_operator.watchIntervall = "1m";
    values.global.haa = { enabled: true };
    expect((await checkValuesKeys(inventory, archiveOf)).map((finding) => finding.message)).toEqual([
      "spec.source.helm.valuesObject.dapr_operator.watchIntervall: chart dapr 1.18.3 has no such value; Helm would ignore it",
      "spec.source.helm.valuesObject.global.haa: chart dapr 1.18.3 has no such value; Helm would ignore it",
    ]);
  });

  it("health: a style rule in a health script calls the Dapr chart's own daprsystem Configuration Degraded", async () => {
    const styleRule = `hs = {}
if obj.spec == nil or obj.spec.tracing == nil then
  hs.status = "Degraded"
  hs.message = "Configuration is missing tracing"
else
  hs.status = "Healthy"
end
return hs
`;
    const argocdCm = { ...HEALTH_CHECKS, "resource.customizations.health.dapr.io_Configuration": styleRule };
    const findings = await checkHealth(inventories.get("prod") as Inventory, argocdHealth, argocdCm, {});
    expect(
      findings.map((finding) => `${finding.kind} ${finding.namespace}/${finding.name} (${finding.application})`),
    ).toEqual(["Configuration dapr-system/daprsystem (dapr)"]);
  });
});

describe("Argo CD's health engine (argo-cd util/lua, gitops-engine health)", () => {
  it("passes the upstream test cases of Argo CD v3.5.1's built-in health scripts", async () => {
    let cases = 0;
    for (const group of await readdir(builtInFolder)) {
      for (const kind of await readdir(join(builtInFolder, group))) {
        const folder = join(builtInFolder, group, kind);
        const tests = await readFile(join(folder, "health_test.yaml"), "utf8").catch(() => undefined);
        if (tests === undefined) continue;
        const script = await readFile(join(folder, "health.lua"), "utf8");
        const entries = (
          parse(tests) as { tests: { healthStatus: { status: string; message?: string }; inputPath: string }[] }
        ).tests;
        const objects = await Promise.all(
          entries.map(async (entry) => parse(await readFile(join(folder, entry.inputPath), "utf8"))),
        );
        const results = await assessHealth(argocdHealth, { script, objects });
        entries.forEach((entry, index) => {
          expect(
            { status: results[index]?.status, message: results[index]?.message ?? "" },
            `${group}/${kind} ${entry.inputPath}`,
          ).toEqual({
            status: entry.healthStatus.status,
            message: entry.healthStatus.message ?? "",
          });
        });
        cases += entries.length;
      }
    }
    // Every case of the v3.5.1 files for the API groups the platform uses (argo-cd/README.md).
    expect(cases).toBe(40);
  });
});

describe("the whole set of gates, as trellis validate --with-charts runs them", () => {
  const engines = {
    kubeconform: inject("kubeconform"),
    helm,
    argocdHealth,
    collector: inject("collector"),
    jaeger: inject("jaeger"),
  };

  it.each(["dev", "staging", "prod"])("finds nothing in %s", async (environment) => {
    expect(
      (await runGates(PROJECT_ROOT, inventories.get(environment) as Inventory, engines, blueprint.gates)).map(
        formatGateFinding,
      ),
    ).toEqual([]);
  });

  it("kubeconform: an object whose kind has no schema, and a field its schema does not have", async () => {
    const inventory = inventories.get("dev") as Inventory;
    const deployment = inventory.objects.find((item) => item.object.kind === "Deployment" && item.origin === "trellis");
    if (!deployment) throw new Error("test setup: no Deployment");
    const widget = {
      ...deployment,
      object: { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "orders" } },
    };
    const misspelt = {
      ...deployment,
      object: { ...deployment.object, spec: { ...deployment.object.spec, replica: 2 } },
    };
    const findings = await runGates(
      PROJECT_ROOT,
      { ...inventory, objects: [widget, misspelt] },
      engines,
      blueprint.gates,
    );
    const kubeconform = findings
      .filter((finding) => finding.gate === "kubeconform")
      .map((finding) => `${finding.kind}: ${finding.message}`);
    expect(kubeconform).toHaveLength(2);
    expect(kubeconform[0]).toMatch(/^Widget: statusError: could not find schema for Widget/);
    expect(kubeconform[1]).toMatch(
      /^Deployment: statusInvalid: .* at '\/spec': additional properties 'replica' not allowed/,
    );
  });

  it("collector: a collector config the collector refuses", async () => {
    const inventory = inventories.get("prod") as Inventory;
    const gateway = inventory.objects.find(
      (item) => item.object.kind === "OpenTelemetryCollector" && item.object.metadata.name === "gateway",
    );
    if (!gateway) throw new Error("test setup: no gateway");
    const broken = structuredClone(gateway.object);
    broken.spec.config.exporters.load_balancing.resolver.dns.port = 4317;
    const findings = await runGates(
      PROJECT_ROOT,
      { ...inventory, objects: [{ ...gateway, object: broken }] },
      engines,
      blueprint.gates,
    );
    expect(findings.filter((finding) => finding.gate === "collector").map((finding) => finding.message)).toEqual([
      "the collector refuses spec.config.exporters.load_balancing.resolver.dns.port: 'port' expected type 'string', got unconvertible type 'int'",
    ]);
  });
});

describe("the chart cache", () => {
  it("names the archive, the pull command and the setting when a chart is neither cached nor reachable", async () => {
    const empty = await testFolder("charts");
    const chart = { repoURL: "http://127.0.0.1:9/charts", chart: "dapr", version: "1.18.3" };
    await expect(chartArchive(empty, chart, helm)).rejects.toThrow(
      new RegExp(
        `^chart dapr 1\\.18\\.3 is not in ${empty} and could not be pulled from http://127\\.0\\.0\\.1:9/charts: .*Put dapr-1\\.18\\.3\\.tgz there \\(helm pull dapr --repo http://127\\.0\\.0\\.1:9/charts --version 1\\.18\\.3\\), or set charts\\.cache in trellis\\.config\\.ts$`,
      ),
    );
  });
});
