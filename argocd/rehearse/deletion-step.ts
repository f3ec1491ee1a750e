// The rehearsal's deletion-safety steps, run against the real Argo CD and the cluster's own garbage collector once
// the environment is synced: what an operator might do to the delivery objects must never take the workloads with it.
// 1. cluster-unlabel: the cluster Secret loses the environment label, so the ApplicationSet's generator stops
//    matching; once the ApplicationSet controller has reconciled, the label is put back.
// 2. appset-deletion: the ApplicationSet is deleted and the garbage collector removes what it owns.
// After each, every workload and namespace the sync created must still be there. (`pulumi destroy` is the third
// step; rehearse.ts runs it and checks the same inventory with `survivesDestroy`.)
import type { CommandResult } from "../../lib/tools/processes.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import { ENVIRONMENT_LABEL } from "../render/application-set.ts";
import type { Check } from "./check.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** "Namespace x" and "Deployment ns/name" (StatefulSets, DaemonSets too) outside Argo CD's own namespace. */
export async function workloadInventory(kubectl: Kubectl, argoCdNamespace: string): Promise<Set<string>> {
  const listed = await kubectl(["get", "namespaces,deployments,statefulsets,daemonsets", "-A", "-o", "json"]);
  if (listed.code !== 0) throw new Error(`cannot list workloads: ${listed.stderr.trim()}`);
  const items = (
    JSON.parse(listed.stdout) as {
      items: { kind: string; metadata: { name: string; namespace?: string; deletionTimestamp?: string } }[];
    }
  ).items;
  const found = new Set<string>();
  for (const item of items) {
    if (item.metadata.deletionTimestamp) continue;
    if (item.kind === "Namespace") {
      if (!SYSTEM_NAMESPACES.has(item.metadata.name) && item.metadata.name !== argoCdNamespace)
        found.add(`Namespace ${item.metadata.name}`);
    } else if (item.metadata.namespace !== argoCdNamespace) {
      found.add(`${item.kind} ${item.metadata.namespace}/${item.metadata.name}`);
    }
  }
  return found;
}

/** A check that passes when everything of `before` is still there now (and is not being deleted). */
export async function inventoryCheck(
  name: string,
  kubectl: Kubectl,
  argoCdNamespace: string,
  before: ReadonlySet<string>,
  what: string,
  /** The garbage collector and Argo CD act within seconds: how long they get to do the wrong thing. */
  settleMs = 20_000,
): Promise<Check> {
  let now = await workloadInventory(kubectl, argoCdNamespace);
  const lost = () => [...before].filter((entry) => !now.has(entry));
  await waitFor(
    `${name}: something of the environment deleted`,
    async () => {
      now = await workloadInventory(kubectl, argoCdNamespace);
      return lost().length ? true : undefined;
    },
    { deadlineMs: settleMs, intervalMs: 2_000 },
  ).catch(() => undefined);
  const missing = lost();
  return {
    name,
    ok: before.size > 0 && missing.length === 0,
    detail: missing.length
      ? `${what}, gone: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}`
      : `${what}; all ${before.size} namespaces and workloads of the environment are still there`,
  };
}

export interface DeletionOptions {
  readonly argoCdNamespace: string;
  readonly environment: string;
  readonly applicationSet: string;
  /** The ApplicationSet controller's recent output, where it says it reconciled. */
  readonly controllerOutput: () => Promise<string>;
  readonly log: (line: string) => void;
}

export async function rehearseDeletion(kubectl: Kubectl, options: DeletionOptions): Promise<Check[]> {
  const namespace = options.argoCdNamespace;
  const before = await workloadInventory(kubectl, namespace);
  const checks: Check[] = [];

  options.log("deletion safety: the cluster Secret loses its environment label");
  const since = Date.now();
  const unlabelled = await kubectl(["label", "secret", "trellis-cluster", "-n", namespace, `${ENVIRONMENT_LABEL}-`]);
  if (unlabelled.code !== 0)
    return [{ name: "cluster-unlabel", ok: false, detail: `cannot remove the label: ${unlabelled.stderr.trim()}` }];
  const reconciled = await waitFor(
    "the ApplicationSet controller reconciles after the label is gone",
    async () => (reconciledSince(await options.controllerOutput(), options.applicationSet, since) ? true : undefined),
    { deadlineMs: 120_000, intervalMs: 1_000 },
  ).catch(() => false);
  const unlabel = await inventoryCheck(
    "cluster-unlabel",
    kubectl,
    namespace,
    before,
    reconciled
      ? "the ApplicationSet controller reconciled without the cluster's label"
      : "the ApplicationSet controller did not say it reconciled within 120 s",
  );
  checks.push({ ...unlabel, ok: unlabel.ok && reconciled === true });
  const relabelled = await kubectl([
    "label",
    "secret",
    "trellis-cluster",
    "-n",
    namespace,
    `${ENVIRONMENT_LABEL}=${options.environment}`,
  ]);
  if (relabelled.code !== 0)
    checks.push({
      name: "cluster-relabel",
      ok: false,
      detail: `cannot put the label back: ${relabelled.stderr.trim()}`,
    });

  options.log("deletion safety: the ApplicationSet is deleted");
  const deleted = await kubectl([
    "delete",
    "applicationset.argoproj.io",
    options.applicationSet,
    "-n",
    namespace,
    "--wait=true",
    "--timeout=120s",
  ]);
  checks.push(
    deleted.code !== 0
      ? { name: "appset-deletion", ok: false, detail: `delete failed: ${deleted.stderr.trim()}` }
      : await inventoryCheck("appset-deletion", kubectl, namespace, before, "ApplicationSet deleted"),
  );
  return checks;
}

/** Whether the controller logged the end of a reconcile of the ApplicationSet at or after `since`. */
export function reconciledSince(output: string, applicationSet: string, since: number): boolean {
  for (const line of output.split("\n")) {
    if (!line.includes("end reconcile")) continue;
    try {
      // Argo CD 3.5 logs the ApplicationSet as {"Namespace","Name"}.
      const entry = JSON.parse(line) as { time?: string; applicationset?: { Name?: string } | string };
      const name =
        typeof entry.applicationset === "string" ? entry.applicationset.split("/").pop() : entry.applicationset?.Name;
      if (name === applicationSet && entry.time && Date.parse(entry.time) >= Math.floor(since / 1000) * 1000)
        return true;
    } catch {
      // Not a JSON line.
    }
  }
  return false;
}
