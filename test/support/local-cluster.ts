// A fresh local control plane for the enclosing describe (with `nodes`, a cluster with kwok nodes: one unless said): started and
// prepared before its tests, stopped after.
import { afterAll, beforeAll, inject } from "vitest";
import { startLocalCluster, type LocalCluster } from "../../lib/tools/local-cluster.ts";

export function clusterPerDescribe(
  prepare: (cluster: LocalCluster) => Promise<void> = async () => {},
  options: { readonly nodes?: boolean; readonly nodeCount?: number } = {},
): () => LocalCluster {
  let cluster: LocalCluster | undefined;
  beforeAll(async () => {
    cluster = await startLocalCluster(
      inject("controlPlane"),
      (line) => process.stderr.write(`${line}\n`),
      options.nodes ? inject("clusterNodes") : undefined,
      { ...(options.nodeCount ? { nodeCount: options.nodeCount } : {}) },
    );
    await prepare(cluster);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error("the local cluster did not start");
    return cluster;
  };
}
