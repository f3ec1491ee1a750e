// kube-controller-manager and kube-scheduler from the same pinned Kubernetes as the API server
// (tools/control-plane/go.mod): with them Deployments roll out through ReplicaSets, pods are scheduled, and the
// garbage collector and the namespace controller delete as a cluster does. Cached beside the control plane.
import { join } from "node:path";
import { allExecutable, buildIntoCache, cacheFolder, KUBERNETES_VERSION, versionFlags } from "./control-plane.ts";
import { ensureKwok, kwokStages } from "./kwok.ts";
import type { ClusterNodes } from "./local-cluster.ts";

export interface ClusterControllers {
  readonly controllerManager: string;
  readonly scheduler: string;
  /** Seconds the build took; 0 when the cache had them. */
  readonly buildSeconds: number;
}

export async function ensureClusterControllers(log: (line: string) => void = () => {}): Promise<ClusterControllers> {
  const folder = `${cacheFolder()}-controllers`;
  const binaries = {
    controllerManager: join(folder, "kube-controller-manager"),
    scheduler: join(folder, "kube-scheduler"),
  };
  if (await allExecutable(Object.values(binaries))) return { ...binaries, buildSeconds: 0 };
  log(
    `building kube-controller-manager and kube-scheduler ${KUBERNETES_VERSION} with Go into ${folder} (first run only; about 11 min cold)`,
  );
  const started = performance.now();
  await buildIntoCache(folder, "the cluster controllers", (go, staging) =>
    go([
      "build",
      "-trimpath",
      "-ldflags",
      `-s -w ${versionFlags()}`,
      "-o",
      `${staging}/`,
      "k8s.io/kubernetes/cmd/kube-controller-manager",
      "k8s.io/kubernetes/cmd/kube-scheduler",
    ]).then(() => undefined),
  );
  return { ...binaries, buildSeconds: (performance.now() - started) / 1000 };
}

/** Everything that makes the local control plane a cluster with a node: the controllers, kwok and its stages. */
export async function ensureClusterNodes(log: (line: string) => void = () => {}): Promise<ClusterNodes> {
  const controllers = await ensureClusterControllers(log);
  return { ...controllers, kwok: await ensureKwok(log), stages: await kwokStages() };
}
