// kube-controller-manager and kube-scheduler from the same pinned Kubernetes as the API server
// (tools/control-plane/go.mod): with them Deployments roll out through ReplicaSets, pods are scheduled, and the
// garbage collector and the namespace controller delete as a cluster does. Cached beside the control plane.
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { allExecutable, cacheFolder, KUBERNETES_VERSION, MODULE_FOLDER, versionFlags } from "./control-plane.ts";
import { run, ToolUnavailable } from "./go-tool.ts";

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
  const staging = `${folder}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await run(
      "go",
      [
        "build",
        "-trimpath",
        "-ldflags",
        `-s -w ${versionFlags()}`,
        "-o",
        `${staging}/`,
        "k8s.io/kubernetes/cmd/kube-controller-manager",
        "k8s.io/kubernetes/cmd/kube-scheduler",
      ],
      { cwd: MODULE_FOLDER, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CGO_ENABLED: "0" } },
    );
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const failed = error as { stderr?: string; message: string };
    throw new ToolUnavailable(
      `cannot build the cluster controllers in ${MODULE_FOLDER}: ${(failed.stderr || failed.message).trim().split("\n").slice(-20).join("\n")}`,
    );
  }
  return { ...binaries, buildSeconds: (performance.now() - started) / 1000 };
}
