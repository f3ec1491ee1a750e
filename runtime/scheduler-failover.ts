// The Dapr scheduler's high availability, exercised in the rehearsal: its three replicas run as processes and form
// one embedded etcd cluster. The replica that leads (its etcd logs "<id> became leader at term N") is deleted; a
// survivor must take the lead at a later term, and the StatefulSet must be back to three Ready replicas, the new pod
// rejoining with its volume. Leader election and failover are etcd's own, not a model.
import type { Check } from "../argocd/rehearse/check.ts";
import type { CommandResult } from "../lib/tools/processes.ts";
import { waitFor } from "../lib/tools/processes.ts";

type Kubectl = (args: readonly string[]) => Promise<CommandResult>;

const STATEFUL_SET = "dapr-scheduler-server";
const CONTAINER = "dapr-scheduler-server";

/** The highest term at which this replica's etcd says it became leader, if it ever did. */
export function leaderTerm(log: string): number | undefined {
  let term: number | undefined;
  for (const match of log.matchAll(/"msg":"[0-9a-f]+ became leader at term (\d+)"/g)) {
    const found = Number(match[1]);
    if (term === undefined || found > term) term = found;
  }
  return term;
}

export async function rehearseSchedulerFailover(
  kubectl: Kubectl,
  namespace: string,
  /** The scheduler container's whole output in the pod of that name. */
  log: (pod: string) => Promise<string>,
  say: (line: string) => void,
): Promise<Check> {
  const name = "scheduler-failover";
  const replicas = [0, 1, 2].map((index) => `${STATEFUL_SET}-${index}`);
  const terms = async () =>
    new Map(await Promise.all(replicas.map(async (pod) => [pod, leaderTerm(await log(pod))] as const)));
  const before = await terms();
  const [leader, term] = [...before].reduce<[string | undefined, number]>(
    (best, [pod, found]) => (found !== undefined && found > best[1] ? [pod, found] : best),
    [undefined, -1],
  );
  if (!leader) return { name, ok: false, detail: "no scheduler replica says it leads the etcd cluster" };
  say(`Dapr scheduler: ${leader} leads at term ${term}; it is deleted`);
  const deleted = await kubectl(["delete", "pod", leader, "-n", namespace, "--wait=false"]);
  if (deleted.code !== 0) return { name, ok: false, detail: `cannot delete ${leader}: ${deleted.stderr.trim()}` };
  const successor = await waitFor(
    "a surviving scheduler replica takes the lead",
    async () => {
      for (const [pod, found] of await terms())
        if (pod !== leader && found !== undefined && found > term) return `${pod} at term ${found}`;
      return undefined;
    },
    { deadlineMs: 90_000, intervalMs: 1_000 },
  ).catch(() => undefined);
  const restored = await waitFor(
    `${STATEFUL_SET} back to 3 Ready replicas`,
    async () => {
      const read = await kubectl([
        "get",
        "statefulset",
        STATEFUL_SET,
        "-n",
        namespace,
        "-o",
        "jsonpath={.status.readyReplicas}",
      ]);
      return read.stdout.trim() === "3" ? true : undefined;
    },
    { deadlineMs: 180_000, intervalMs: 2_000 },
  ).catch(() => false);
  // What the replacement said last, when it did not rejoin.
  const lastWords = restored
    ? ""
    : `; ${leader}'s replacement said: ${(await log(leader)).trim().split("\n").slice(-3).join(" | ").slice(0, 900) || "nothing"}`;
  return {
    name,
    ok: successor !== undefined && restored === true,
    detail: [
      `${leader} led at term ${term} and was deleted`,
      successor ? `${successor} took the lead` : "no survivor took the lead within 90 s",
      restored
        ? "the StatefulSet is back to 3 Ready replicas"
        : `the StatefulSet was not back to 3 Ready replicas within 180 s${lastWords}`,
    ].join("; "),
  };
}
