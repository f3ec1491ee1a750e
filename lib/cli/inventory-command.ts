// `trellis inventory`: what Argo CD will apply in each environment, Trellis's objects and every chart's output,
// written one object per file like deploy/ (DIR/<env>/<application>/<kind>-<name>.yaml), or counted.
import { resolve } from "node:path";
import { DeclarationError } from "../declarations/problems.ts";
import { environmentInventories, INVENTORY_PHASE } from "../inventory/environment-inventory.ts";
import { ChartUnavailable } from "../inventory/chart-cache.ts";
import type { Inventory } from "../inventory/inventory.ts";
import { OutputError, replaceFolders } from "../output/replace-folders.ts";
import { layerFiles, type KubernetesObject } from "../render/manifest-files.ts";
import { ToolUnavailable } from "../tools/go-tool.ts";
import type { Blueprint } from "../blueprint.ts";
import { EXIT } from "./exit-codes.ts";
import { parseOptions, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";
import { progressOf } from "./terminal.ts";

export async function inventoryCommand(args: readonly string[], io: CommandIo, blueprint: Blueprint): Promise<number> {
  const { values } = parseOptions(args, "inventory");
  const root = projectRoot(values.root);
  const stop = progressOf(io, [INVENTORY_PHASE]);
  try {
    const inventories = await environmentInventories(blueprint, root, values.env ?? [], io.progress);
    for (const inventory of inventories) io.out(summary(inventory));
    if (values.out) {
      const out = resolve(values.out);
      await replaceFolders(
        out,
        inventories.map((inventory) => ({ name: inventory.environment, files: filesOf(inventory) })),
        { prune: false },
      );
      io.out(`wrote ${inventories.map((inventory) => inventory.environment).join(", ")} to ${out}`);
    }
    return EXIT.success;
  } catch (error) {
    if (
      error instanceof DeclarationError ||
      error instanceof ToolUnavailable ||
      error instanceof ChartUnavailable ||
      error instanceof OutputError
    ) {
      io.err(`trellis inventory: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  } finally {
    stop();
  }
}

/** "dev: 175 objects (trellis 60, cert-manager 50, ...)". */
export function summary(inventory: Inventory): string {
  const counts = new Map<string, number>();
  for (const item of inventory.objects) counts.set(item.origin, (counts.get(item.origin) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort(([a], [b]) => (a === "trellis" ? -1 : b === "trellis" ? 1 : a < b ? -1 : 1))
    .map(([origin, count]) => `${origin} ${count}`);
  return `${inventory.environment}: ${inventory.objects.length} objects (${parts.join(", ")})`;
}

/** One folder per syncing Application ("bootstrap" for what Pulumi applies), one file per object. */
function filesOf(inventory: Inventory) {
  const byApplication = new Map<string, KubernetesObject[]>();
  for (const item of inventory.objects) {
    const folder = item.application ?? "bootstrap";
    byApplication.set(folder, [...(byApplication.get(folder) ?? []), item.object as KubernetesObject]);
  }
  return [...byApplication.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([folder, objects]) => layerFiles(folder, objects));
}
