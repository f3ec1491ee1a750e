// Argo CD's health of every inventory object as its controller would assess it right after apply, before any
// controller has written a status: the cluster's argocd-cm scripts, then the pinned release's built-in ones, then
// gitops-engine's Go checks. No object may be Degraded by its spec alone: a Degraded object fails the sync of its
// wave, and every later wave with it.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Inventory } from "../../lib/inventory/inventory.ts";
import { assessHealth } from "../../lib/tools/argocd-health.ts";
import { gateFinding, type GateFinding } from "../../lib/gates/gate.ts";
import type { Gate } from "../../lib/gates/gate.ts";
import { HEALTH_CHECKS } from "../bootstrap/health-checks.ts";

const GATE = "health";
const ARGOCD_CM_PREFIX = "resource.customizations.health.";

/** Built-in health scripts of an Argo CD resource_customizations folder, keyed "<group>/<Kind>". */
export async function builtInHealthScripts(folder: string): Promise<Record<string, string>> {
  const scripts: Record<string, string> = {};
  for (const group of (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
    for (const kind of (await readdir(join(folder, group.name), { withFileTypes: true })).filter((entry) =>
      entry.isDirectory(),
    )) {
      const script = await readFile(join(folder, group.name, kind.name, "health.lua"), "utf8").catch(() => undefined);
      if (script !== undefined) scripts[`${group.name}/${kind.name}`] = script;
    }
  }
  return scripts;
}

/**
 * argocd-cm's resource.customizations.health.<group>_<Kind> keys as the resource-override keys Argo CD's settings
 * make of them: "<group>/<Kind>", or "<Kind>" for the core group (argo-cd util/settings convertToOverrideKey).
 */
export function overridesOf(argocdCm: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(argocdCm)
      .filter(([key]) => key.startsWith(ARGOCD_CM_PREFIX))
      .map(([key, script]) => [key.slice(ARGOCD_CM_PREFIX.length).replace("_", "/"), script]),
  );
}

export async function checkHealth(
  inventory: Inventory,
  binary: string,
  argocdCm: Readonly<Record<string, string>>,
  builtIn: Readonly<Record<string, string>>,
): Promise<GateFinding[]> {
  const overrides = overridesOf(argocdCm);
  const results = await assessHealth(binary, {
    overrides,
    builtIn,
    objects: inventory.objects.map((item) => item.object),
  });
  return inventory.objects.flatMap((item, index) => {
    const result = results[index];
    // A script of the cluster's own that fails is a bug to fix. Argo CD's built-in ones read status fields that
    // the API server or a controller writes at once (a CRD's conditions); on the bare object they may fail, and
    // Argo CD then reports Unknown, which fails no sync.
    const group = String(item.object.apiVersion).split("/").slice(0, -1).join("/");
    const key = group ? `${group}/${item.object.kind}` : String(item.object.kind);
    if (result?.error)
      return key in overrides
        ? [gateFinding(GATE, inventory.environment, item, `the health script fails: ${result.error}`)]
        : [];
    if (result?.status === "Degraded")
      return [
        gateFinding(
          GATE,
          inventory.environment,
          item,
          `Argo CD would call it Degraded before any controller acts: ${result.message}`,
        ),
      ];
    return [];
  });
}

/** Argo CD's health of every object, with the pinned release's built-in scripts and the bootstrap's own. */
export const healthGate: Gate = {
  name: "health",
  run: async ({ root, config, inventory, engines }) =>
    checkHealth(
      inventory,
      engines.argocdHealth,
      HEALTH_CHECKS,
      config.argocd.builtInHealthScripts
        ? await builtInHealthScripts(join(root, config.argocd.builtInHealthScripts))
        : {},
    ),
};
