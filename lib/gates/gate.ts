// What every gate returns: findings about inventory objects in one shape.
import type { Config } from "../config.ts";
import type { Inventory, InventoryObject } from "../inventory/inventory.ts";

export interface GateFinding {
  /** The gate's id, e.g. "project-permissions". */
  readonly gate: string;
  readonly environment: string;
  /** The Application that syncs the object ("" for what the bootstrap applies), and where the object comes from. */
  readonly application: string;
  readonly source: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly message: string;
}

export function gateFinding(gate: string, environment: string, item: InventoryObject, message: string): GateFinding {
  return {
    gate,
    environment,
    application: item.application ?? "",
    source: item.source,
    kind: String(item.object.kind),
    namespace: item.namespace,
    name: String(item.object.metadata?.name ?? ""),
    message,
  };
}

export function formatGateFinding(finding: GateFinding): string {
  const where = finding.namespace ? `${finding.namespace}/${finding.name}` : finding.name;
  return `${finding.environment}: ${finding.kind} ${where} (${finding.source}${finding.application ? `, synced by ${finding.application}` : ""}): [${finding.gate}] ${finding.message}`;
}

/** What a gate gets: the project, its settings, one environment's inventory and the engines that were built. */
export interface GateContext {
  readonly root: string;
  readonly config: Config;
  readonly inventory: Inventory;
  readonly engines: GateEngines;
}

/** The engines `trellis validate --with-charts` builds before any gate runs. */
export interface GateEngines {
  readonly kubeconform: string;
  readonly helm: string;
  readonly argocdHealth: string;
  readonly collector: string;
  readonly jaeger: string;
}

/** One check of an environment's inventory; a capability contributes it through the blueprint. */
export interface Gate {
  /** Its id in findings and in spans, e.g. "project-permissions". */
  readonly name: string;
  run(context: GateContext): Promise<GateFinding[]>;
}
