// Runs every gate over an environment's inventory: kubeconform (strict, no missing schema) first, then the gates the
// blueprint lists, each as one phase.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../config.ts";
import type { Inventory } from "../inventory/inventory.ts";
import { replaceFolders } from "../output/replace-folders.ts";
import { RENDER_HEADER } from "../output/ownership.ts";
import { toYaml } from "../render/manifest-files.ts";
import { phase } from "../telemetry/phases.ts";
import { withSchemaLocations } from "../tools/crd-schemas.ts";
import { runKubeconform } from "../tools/kubeconform.ts";
import { gateFinding, type Gate, type GateContext, type GateEngines, type GateFinding } from "./gate.ts";

/** Each gate over each environment is one phase: a span when tracing, a progress line in validate. */
export const VALIDATE_GATE_PHASE = "trellis.validate.gate";

export async function runGates(
  root: string,
  inventory: Inventory,
  engines: GateEngines,
  gates: readonly Gate[],
): Promise<GateFinding[]> {
  const config = await loadConfig(root);
  const context = { root, config, inventory, engines };
  const findings: GateFinding[] = [];
  for (const gate of [kubeconformGate, ...gates])
    findings.push(
      ...(await phase(
        VALIDATE_GATE_PHASE,
        { "trellis.gate": gate.name, "trellis.environment": inventory.environment },
        () => gate.run(context),
      )),
    );
  return findings;
}

/** Every object, one file each, through kubeconform -strict; an object without a schema is a finding too. */
const kubeconformGate: Gate = { name: "kubeconform", run: kubeconform };

async function kubeconform({ root, config, inventory, engines }: GateContext): Promise<GateFinding[]> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-inventory-"));
  try {
    // One file per object, named by its index, so each problem maps back to its inventory entry.
    const files = inventory.objects.map((item, index) => ({
      path: `${index}.yaml`,
      content: RENDER_HEADER + toYaml(item.object),
    }));
    await replaceFolders(folder, [{ name: inventory.environment, files }], { prune: false });
    const result = await withSchemaLocations(root, config.validation, (schemaLocations) =>
      runKubeconform(engines.kubeconform, [join(folder, inventory.environment)], {
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
