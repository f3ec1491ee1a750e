// The leader-election check judges what the API server says: it passes only when a surviving replica takes the Lease
// after the leader's pod is deleted and the Deployment is whole again; a Lease nobody takes over, a single replica or
// a holder of another workload fails it.
import { describe, expect, it } from "vitest";
import { holderPod, rehearseLeaseFailover } from "../../runtime/lease-failover.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";

const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: "" });
const TARGET = { namespace: "dapr-system", lease: "operator.dapr.io", deployment: "dapr-operator" };
const FAST = { takeoverMs: 300, restoreMs: 300 };

/** An API server as kubectl shows it: the Lease's holder and the Deployment's replicas, changed by a pod deletion. */
function fakeCluster(options: { replicas: number; holder: string; successor?: string }) {
  let holder = options.holder;
  const deleted: string[] = [];
  const kubectl = async (args: readonly string[]): Promise<CommandResult> => {
    if (args[0] === "get" && args[1] === "lease") return ok(holder);
    if (args[0] === "get" && args[1] === "deployment") return ok(`${options.replicas} ${options.replicas}`);
    if (args[0] === "delete" && args[1] === "pod") {
      deleted.push(args[2]!);
      if (options.successor) holder = options.successor;
      return ok("");
    }
    throw new Error(`unexpected kubectl ${args.join(" ")}`);
  };
  return { kubectl, deleted };
}

describe("the leader-election check", () => {
  it("reads the pod from client-go's holder identity", () => {
    expect(holderPod("dapr-operator-56b9d4579f-kc886_9c49f6e4-4474-49b2-9e51-089385d3c57c")).toBe(
      "dapr-operator-56b9d4579f-kc886",
    );
  });

  it("passes when a surviving replica takes the Lease from the deleted leader", async () => {
    const cluster = fakeCluster({ replicas: 3, holder: "dapr-operator-a-1_x", successor: "dapr-operator-a-2_y" });
    const check = await rehearseLeaseFailover(cluster.kubectl, { ...TARGET, ...FAST }, () => {});
    expect(cluster.deleted).toEqual(["dapr-operator-a-1"]);
    expect(check).toMatchObject({ name: "leader-election", ok: true });
    expect(check.detail).toMatch(/dapr-operator-a-2 took the Lease/);
  });

  it("fails when no replica takes the Lease over", async () => {
    const cluster = fakeCluster({ replicas: 3, holder: "dapr-operator-a-1_x" });
    const check = await rehearseLeaseFailover(cluster.kubectl, { ...TARGET, ...FAST }, () => {});
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/no surviving replica took the Lease/);
  });

  it("fails without a second replica, and when another workload holds the Lease, deleting nothing", async () => {
    const single = fakeCluster({ replicas: 1, holder: "dapr-operator-a-1_x" });
    expect(await rehearseLeaseFailover(single.kubectl, { ...TARGET, ...FAST }, () => {})).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/an election needs two/),
    });
    const other = fakeCluster({ replicas: 3, holder: "dapr-sentry-b-1_x" });
    expect(await rehearseLeaseFailover(other.kubectl, { ...TARGET, ...FAST }, () => {})).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/not held by a pod of dapr-operator/),
    });
    expect([...single.deleted, ...other.deleted]).toEqual([]);
  });
});
