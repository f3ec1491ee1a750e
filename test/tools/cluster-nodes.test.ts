// The local cluster with its real controllers and a kwok node behaves as a cluster: a Deployment rolls out through a
// ReplicaSet to Running pods with addresses from the node's pod CIDR, the scheduler refuses a pod no node fits, and
// deletion cascades through the garbage collector (or orphans when asked to), and a deleted namespace goes away. With
// three nodes, replicas that must not share a node spread over them (one per zone) and a fourth finds no node.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/tools/processes.ts";
import { NODE_NAME, type LocalCluster } from "../../lib/tools/local-cluster.ts";
import { clusterPerDescribe } from "../support/local-cluster.ts";
import { folderWith } from "../support/temp-folder.ts";

interface Listed {
  items: {
    metadata: { name: string; ownerReferences?: { kind: string }[] };
    spec?: { nodeName?: string };
    status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string; reason?: string }[] };
  }[];
}

const deployment = (name: string, namespace: string, nodeSelector?: Record<string, string>) =>
  JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: "app", image: "example.test/app:1" }] },
      },
    },
  });

async function list(cluster: LocalCluster, kind: string, namespace: string): Promise<Listed["items"]> {
  const read = await cluster.kubectl(["get", kind, "-n", namespace, "-o", "json"]);
  if (read.code !== 0) throw new Error(read.stderr);
  return (JSON.parse(read.stdout) as Listed).items;
}

async function apply(cluster: LocalCluster, manifest: string): Promise<void> {
  const folder = await folderWith({ "object.json": manifest }, "manifest");
  const applied = await cluster.kubectl(["apply", "-f", join(folder, "object.json")]);
  expect(applied.stderr).toBe("");
}

const until = <T>(what: string, probe: () => Promise<T | undefined>) =>
  waitFor(what, probe, { deadlineMs: 60_000, intervalMs: 250 });

describe("a local cluster with a kwok node", () => {
  const cluster = clusterPerDescribe(
    async (started) => {
      expect((await started.kubectl(["create", "namespace", "shop"])).code).toBe(0);
    },
    { nodes: true },
  );

  it("rolls a Deployment out through a ReplicaSet to Running pods with addresses of the node's pod CIDR", async () => {
    await apply(cluster(), deployment("web", "shop"));
    const pods = await until("two Running pods", async () => {
      const running = (await list(cluster(), "pods", "shop")).filter((pod) => pod.status?.phase === "Running");
      return running.length === 2 ? running : undefined;
    });
    for (const pod of pods) {
      expect(pod.spec?.nodeName).toBe(NODE_NAME);
      expect(pod.status?.podIP).toMatch(/^10\.244\.\d+\.([1-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/);
      expect(pod.metadata.ownerReferences?.map((owner) => owner.kind)).toEqual(["ReplicaSet"]);
    }
    expect(new Set(pods.map((pod) => pod.status?.podIP)).size).toBe(2);
    const [replicaSet] = await list(cluster(), "replicasets", "shop");
    expect(replicaSet?.metadata.ownerReferences?.map((owner) => owner.kind)).toEqual(["Deployment"]);
  });

  it("deletes a Deployment's ReplicaSet and pods with it: the garbage collector runs", async () => {
    expect((await cluster().kubectl(["delete", "deployment", "web", "-n", "shop", "--wait=false"])).code).toBe(0);
    await until("the ReplicaSet and pods gone", async () =>
      (await list(cluster(), "replicasets", "shop")).length === 0 &&
      (await list(cluster(), "pods", "shop")).length === 0
        ? true
        : undefined,
    );
  });

  it("orphans them instead when the deletion says so: the cascade is the collector's, not a side effect", async () => {
    await apply(cluster(), deployment("kept", "shop"));
    await until("a ReplicaSet", async () =>
      (await list(cluster(), "replicasets", "shop")).length === 1 ? true : undefined,
    );
    expect((await cluster().kubectl(["delete", "deployment", "kept", "-n", "shop", "--cascade=orphan"])).code).toBe(0);
    const orphaned = await until("the ReplicaSet without its owner", async () => {
      const [replicaSet] = await list(cluster(), "replicasets", "shop");
      return replicaSet && (replicaSet.metadata.ownerReferences ?? []).length === 0 ? replicaSet : undefined;
    });
    expect(orphaned.metadata.name).toMatch(/^kept-/);
  });

  it("leaves a pod that no node fits Pending, with the scheduler's reason", async () => {
    await apply(cluster(), deployment("nowhere", "shop", { "topology.kubernetes.io/zone": "zone-z" }));
    const unschedulable = await until("an Unschedulable pod", async () => {
      const pods = (await list(cluster(), "pods", "shop")).filter((pod) => pod.metadata.name.startsWith("nowhere-"));
      return pods.find((pod) =>
        pod.status?.conditions?.some(
          (condition) => condition.type === "PodScheduled" && condition.reason === "Unschedulable",
        ),
      );
    });
    expect(unschedulable.status?.phase).toBe("Pending");
    expect(unschedulable.spec?.nodeName).toBeUndefined();
  });

  it("removes a deleted namespace with everything in it: the namespace controller runs", async () => {
    expect((await cluster().kubectl(["delete", "namespace", "shop", "--wait=false"])).code).toBe(0);
    await until("namespace shop gone", async () => {
      const read = await cluster().kubectl(["get", "namespace", "shop", "-o", "name", "--ignore-not-found"]);
      return read.code === 0 && read.stdout.trim() === "" ? true : undefined;
    });
  });
});

describe("a local cluster with three kwok nodes", () => {
  const cluster = clusterPerDescribe(
    async (started) => {
      expect((await started.kubectl(["create", "namespace", "spread"])).code).toBe(0);
    },
    { nodes: true, nodeCount: 3 },
  );

  it("places replicas that must not share a node on three nodes in three zones, each from its node's pod CIDR, and no fourth", async () => {
    const spread = JSON.parse(deployment("redis-ha", "spread"));
    spread.spec.replicas = 4;
    spread.spec.template.spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: "redis-ha" } }, topologyKey: "kubernetes.io/hostname" },
        ],
      },
    };
    await apply(cluster(), JSON.stringify(spread));
    const pods = await until("three Running pods and one Unschedulable", async () => {
      const listed = await list(cluster(), "pods", "spread");
      const running = listed.filter((pod) => pod.status?.phase === "Running");
      const unschedulable = listed.filter((pod) =>
        pod.status?.conditions?.some((condition) => condition.reason === "Unschedulable"),
      );
      return running.length === 3 && unschedulable.length === 1 ? running : undefined;
    });
    expect(new Set(pods.map((pod) => pod.spec?.nodeName))).toEqual(
      new Set(["trellis-node-1", "trellis-node-2", "trellis-node-3"]),
    );
    const nodes = JSON.parse((await cluster().kubectl(["get", "nodes", "-o", "json"])).stdout) as {
      items: { metadata: { name: string; labels: Record<string, string> }; spec: { podCIDR: string } }[];
    };
    expect(nodes.items.map((node) => node.metadata.labels["topology.kubernetes.io/zone"]).sort()).toEqual([
      "zone-a",
      "zone-b",
      "zone-c",
    ]);
    for (const pod of pods) {
      const node = nodes.items.find((candidate) => candidate.metadata.name === pod.spec?.nodeName);
      const [base, bits] = node!.spec.podCIDR.split("/");
      expect(bits).toBe("27");
      const offset = Number(pod.status!.podIP!.split(".")[3]) - Number(base!.split(".")[3]);
      expect(offset).toBeGreaterThan(0);
      expect(offset).toBeLessThan(32);
    }
  });
});
