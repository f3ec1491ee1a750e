// Runs every gate over an environment's inventory: kubeconform (strict, no missing schema), AppProject
// permissions, network reachability, chart value keys, Argo CD health, the collector's own config check, and the
// effective pods (the kubelet's non-root rules, daprd's start).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig, type Config } from "../config.ts";
import { chartArchive } from "../inventory/chart-cache.ts";
import type { Inventory } from "../inventory/inventory.ts";
import { replaceFolders } from "../output/replace-folders.ts";
import { RENDER_HEADER } from "../output/ownership.ts";
import { toYaml } from "../render/manifest-files.ts";
import { phase } from "../telemetry/phases.ts";
import { withSchemaLocations } from "../tools/crd-schemas.ts";
import { explainRefusal, validateCollectorConfig } from "../tools/collector.ts";
import { runKubeconform } from "../tools/kubeconform.ts";
import { checkNonRoot, checkSidecarStart } from "./effective-pods.ts";
import { gateFinding, type GateFinding } from "./gate.ts";
import { builtInHealthScripts, checkHealth } from "./health.ts";
import { checkNetworkReachability } from "./network-reachability.ts";
import { checkProjectPermissions } from "./project-permissions.ts";
import { checkValuesKeys } from "./values-keys.ts";

export interface GateEngines {
  readonly kubeconform: string;
  readonly helm: string;
  readonly argocdHealth: string;
  readonly collector: string;
  readonly jaeger: string;
}

/** Each gate over each environment is one phase: a span when tracing, a progress line in validate. */
export const VALIDATE_GATE_PHASE = "trellis.validate.gate";

export async function runGates(
  root: string,
  inventory: Inventory,
  engines: GateEngines,
  argocdCm: Readonly<Record<string, string>>,
): Promise<GateFinding[]> {
  const config = await loadConfig(root);
  const builtIn = config.argocd.builtInHealthScripts
    ? await builtInHealthScripts(join(root, config.argocd.builtInHealthScripts))
    : {};
  const gate = (name: string, run: () => Promise<GateFinding[]>) =>
    phase(VALIDATE_GATE_PHASE, { "trellis.gate": name, "trellis.environment": inventory.environment }, run);
  return [
    ...(await gate("kubeconform", () => kubeconformGate(root, config, inventory, engines.kubeconform))),
    ...(await gate("project-permissions", async () => checkProjectPermissions(inventory))),
    ...(await gate("network", async () => checkNetworkReachability(inventory))),
    ...(await gate("values-keys", () =>
      checkValuesKeys(inventory, (chart) => chartArchive(resolve(root, config.charts.cache), chart, engines.helm)),
    )),
    ...(await gate("health", () => checkHealth(inventory, engines.argocdHealth, argocdCm, builtIn))),
    ...(await gate("collector", () => collectorGate(inventory, engines.collector, engines.jaeger))),
    ...(await gate("effective-pods", async () => [...checkNonRoot(inventory), ...checkSidecarStart(inventory)])),
  ];
}

/** Every object, one file each, through kubeconform -strict; an object without a schema is a finding too. */
async function kubeconformGate(
  root: string,
  config: Config,
  inventory: Inventory,
  binary: string,
): Promise<GateFinding[]> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-inventory-"));
  try {
    // One file per object, named by its index, so each problem maps back to its inventory entry.
    const files = inventory.objects.map((item, index) => ({
      path: `${index}.yaml`,
      content: RENDER_HEADER + toYaml(item.object),
    }));
    await replaceFolders(folder, [{ name: inventory.environment, files }], { prune: false });
    const result = await withSchemaLocations(root, config.validation, (schemaLocations) =>
      runKubeconform(binary, [join(folder, inventory.environment)], {
        kubernetesVersion: config.validation.kubernetesVersion,
        schemaLocations,
      }),
    );
    return result.problems.map((problem) => {
      const index = Number(/(\d+)\.yaml$/.exec(problem.filename)?.[1]);
      const item = inventory.objects[index];
      if (!item)
        throw new Error(`internal: kubeconform reported an object the inventory does not hold: ${problem.name}`);
      return gateFinding("kubeconform", inventory.environment, item, `${problem.status}: ${problem.msg}`);
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each collector config through the binary that will run it: Jaeger v2 is a collector distribution of its own. */
async function collectorGate(inventory: Inventory, collector: string, jaeger: string): Promise<GateFinding[]> {
  const findings: GateFinding[] = [];
  for (const item of inventory.objects.filter((candidate) => candidate.object.kind === "OpenTelemetryCollector")) {
    const isJaeger = String(item.object.spec?.image ?? "").includes("jaegertracing/");
    const refused = await validateCollectorConfig(isJaeger ? jaeger : collector, item.object.spec?.config ?? {});
    if (!refused) continue;
    const { field, reason } = explainRefusal(refused);
    findings.push(
      gateFinding(
        "collector",
        inventory.environment,
        item,
        `${isJaeger ? "Jaeger" : "the collector"} refuses spec.config${field ? `.${field}` : ""}: ${reason}`,
      ),
    );
  }
  return findings;
}
