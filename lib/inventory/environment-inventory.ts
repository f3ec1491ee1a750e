// The inventory of each environment, from the project's declarations and settings: one entry point for the CLI.
import type { Blueprint } from "../blueprint.ts";
import { resolve } from "node:path";
import { loadConfig } from "../config.ts";
import { renderPlatform } from "../synth.ts";
import { phase } from "../telemetry/phases.ts";
import { ensureHelm } from "../tools/helm.ts";
import { buildInventory, type Inventory } from "./inventory.ts";

/** Rendering one environment's charts with Helm: a phase, shown as progress by validate and inventory. */
export const INVENTORY_PHASE = "trellis.inventory";

export async function environmentInventories(
  blueprint: Blueprint,
  root: string,
  environments: readonly string[],
  log: (line: string) => void,
): Promise<Inventory[]> {
  const config = await loadConfig(root);
  const rendered = await renderPlatform(blueprint, root, { environments });
  const helm = await ensureHelm(log);
  const names = rendered.platform.environments
    .map((environment) => environment.name)
    .filter((name) => environments.length === 0 || environments.includes(name));
  const inventories: Inventory[] = [];
  for (const name of names) {
    const options = {
      helm,
      chartCache: resolve(root, config.charts.cache),
      kubernetesVersion: config.validation.kubernetesVersion,
    };
    inventories.push(
      await phase(INVENTORY_PHASE, { "trellis.environment": name }, () => buildInventory(rendered, name, options)),
    );
  }
  return inventories;
}
