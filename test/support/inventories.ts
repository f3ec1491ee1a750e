// How the suite builds inventories: the pinned Helm, the chart cache, and one chart-output cache for the whole
// run (several files render the same charts with the same values).
import { resolve } from "node:path";
import { inject } from "vitest";
import { loadConfig } from "../../lib/config.ts";
import type { InventoryOptions } from "../../lib/inventory/inventory.ts";
import { PROJECT_ROOT } from "./project.ts";

export async function inventoryOptions(): Promise<InventoryOptions> {
  const config = await loadConfig(PROJECT_ROOT);
  return {
    helm: inject("helm"),
    chartCache: resolve(PROJECT_ROOT, config.charts.cache),
    kubernetesVersion: config.validation.kubernetesVersion,
    outputCache: inject("helmOutputCache"),
  };
}
