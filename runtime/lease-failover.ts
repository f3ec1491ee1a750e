// Leader election of a controller with several replicas, exercised in the rehearsal: the replicas run as processes
// and elect a leader through a coordination.k8s.io Lease (client-go's leader election, as the controller's own code
// calls it). The leader's pod is deleted; a surviving replica must take the Lease, and the Deployment must be back
// to all its replicas Ready. The election is the controller's own, not a model.
import type { Check } from "../argocd/rehearse/check.ts";
import { waitFor, type CommandResult } from "../lib/tools/processes.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

export interface LeaseFailoverTarget {
  readonly namespace: string;
  /** The Lease the replicas compete for. */
  readonly lease: string;
  /** The Deployment whose replicas compete. */
  readonly deployment: string;
  /** How long a survivor may take to hold the Lease (90 s unless said; client-go's lease lasts 15 s by default). */
  readonly takeoverMs?: number;
  /** How long the Deployment may take to be whole again (180 s unless said). */
  readonly restoreMs?: number;
}

/** The pod a holder identity names: client-go's identities are `<hostname>_<uuid>`, and a pod's hostname is its name. */
export function holderPod(identity: string): string {
  return identity.split("_")[0] ?? "";
}

export async function rehearseLeaseFailover(
  kubectl: Kubectl,
  target: LeaseFailoverTarget,
  say: (line: string) => void,
): Promise<Check> {
  const name = "leader-election";
  const { namespace, lease, deployment } = target;
  const holder = async () => {
    const read = await kubectl(["get", "lease", lease, "-n", namespace, "-o", "jsonpath={.spec.holderIdentity}"]);
    return read.code === 0 ? read.stdout.trim() : "";
  };
  const readyReplicas = async () => {
    const read = await kubectl([
      "get",
      "deployment",
      deployment,
      "-n",
      namespace,
      "-o",
      "jsonpath={.spec.replicas} {.status.readyReplicas}",
    ]);
    const [wanted, ready] = read.stdout.trim().split(" ").map(Number);
    return { wanted: wanted ?? 0, ready: ready ?? 0 };
  };
  const before = await readyReplicas();
  if (before.wanted < 2)
    return { name, ok: false, detail: `${deployment} has ${before.wanted} replica(s); an election needs two` };
  const leader = holderPod(await holder());
  if (!leader.startsWith(`${deployment}-`))
    return { name, ok: false, detail: `Lease ${lease} is not held by a pod of ${deployment} (holder: "${leader}")` };
  say(`leader election: ${leader} holds Lease ${namespace}/${lease}; it is deleted`);
  const started = performance.now();
  const deleted = await kubectl(["delete", "pod", leader, "-n", namespace, "--wait=false"]);
  if (deleted.code !== 0) return { name, ok: false, detail: `cannot delete ${leader}: ${deleted.stderr.trim()}` };
  const successor = await waitFor(
    "a surviving replica takes the Lease",
    async () => {
      const pod = holderPod(await holder());
      return pod && pod !== leader && pod.startsWith(`${deployment}-`) ? pod : undefined;
    },
    { deadlineMs: target.takeoverMs ?? 90_000, intervalMs: 1_000 },
  ).catch(() => undefined);
  const took = ((performance.now() - started) / 1000).toFixed(1);
  const restored = await waitFor(
    `${deployment} back to ${before.wanted} Ready replicas`,
    async () => ((await readyReplicas()).ready === before.wanted ? true : undefined),
    { deadlineMs: target.restoreMs ?? 180_000, intervalMs: 2_000 },
  ).catch(() => false);
  return {
    name,
    ok: successor !== undefined && restored === true,
    detail: [
      `${leader} held Lease ${lease} among ${before.wanted} replicas and was deleted`,
      successor ? `${successor} took the Lease after ${took} s` : "no surviving replica took the Lease in time",
      restored
        ? `${deployment} is back to ${before.wanted} Ready replicas`
        : `${deployment} was not back to ${before.wanted} Ready replicas in time`,
    ].join("; "),
  };
}
