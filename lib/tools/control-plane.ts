// The local control plane's binaries: kube-apiserver, kubectl and etcd, built with Go from the versions
// pinned in tools/control-plane/go.mod and cached under the user's cache folder between runs.
import { access, constants, mkdir, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { run, ToolUnavailable } from "./go-tool.ts";

export const KUBERNETES_VERSION = "v1.36.3";
export const ETCD_VERSION = "v3.6.8";
const MODULE_FOLDER = resolve(import.meta.dirname, "../../tools/control-plane");

export interface ControlPlaneBinaries {
  readonly apiServer: string;
  readonly kubectl: string;
  readonly etcd: string;
  /** Seconds the build took; 0 when the cache had them. */
  readonly buildSeconds: number;
}

export function cacheFolder(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "trellis", "control-plane", `kubernetes-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}`);
}

/** Version stamps `make` would set; `go build` leaves them at v0.0.0. */
export function versionFlags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  const stamp = (pkg: string) => [
    `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ];
  return [...stamp("k8s.io/component-base/version"), ...stamp("k8s.io/client-go/pkg/version")].join(" ");
}

export async function ensureControlPlane(log: (line: string) => void = () => {}): Promise<ControlPlaneBinaries> {
  const folder = cacheFolder();
  const binaries = {
    apiServer: join(folder, "kube-apiserver"),
    kubectl: join(folder, "kubectl"),
    etcd: join(folder, "etcd"),
  };
  if (await allExecutable(Object.values(binaries))) return { ...binaries, buildSeconds: 0 };
  log(
    `building kube-apiserver and kubectl ${KUBERNETES_VERSION} and etcd ${ETCD_VERSION} with Go into ${folder} (first run only; a few minutes)`,
  );
  const started = performance.now();
  await buildIntoCache(folder, "the control plane", async (go, staging) => {
    await go([
      "build",
      "-trimpath",
      "-ldflags",
      versionFlags(),
      "-o",
      `${staging}/`,
      ...["kube-apiserver", "kubectl"].map((name) => `k8s.io/kubernetes/cmd/${name}`),
    ]);
    await go(["build", "-trimpath", "-o", join(staging, "etcd"), "go.etcd.io/etcd/server/v3"]);
  });
  return { ...binaries, buildSeconds: (performance.now() - started) / 1000 };
}

/**
 * Runs `build` with `go` in the control plane's module, into a staging folder that replaces `folder` only when every
 * build succeeded, so a failed or killed build never leaves a half-filled cache.
 */
export async function buildIntoCache(
  folder: string,
  what: string,
  build: (go: (args: string[]) => Promise<unknown>, staging: string) => Promise<void>,
): Promise<void> {
  const staging = `${folder}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const go = (args: string[]) =>
    run("go", args, { cwd: MODULE_FOLDER, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CGO_ENABLED: "0" } });
  try {
    await build(go, staging);
    await rm(folder, { recursive: true, force: true });
    await rename(staging, folder);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const failed = error as { stderr?: string; message: string };
    throw new ToolUnavailable(
      `cannot build ${what} in ${MODULE_FOLDER}: ${(failed.stderr || failed.message).trim().split("\n").slice(-20).join("\n")}`,
    );
  }
}

export async function allExecutable(paths: readonly string[]): Promise<boolean> {
  try {
    await Promise.all(paths.map((path) => access(path, constants.X_OK)));
    return true;
  } catch {
    return false;
  }
}
