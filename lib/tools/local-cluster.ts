// A throw-away Kubernetes control plane on 127.0.0.1: etcd and kube-apiserver with fresh keys and a
// static admin token, reached through kubectl. Nothing else runs: no controllers, no nodes, no webhooks.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ControlPlaneBinaries } from "./control-plane.ts";
import {
  freePorts,
  retryOnPortClash,
  runToEnd,
  spawnEngine,
  waitFor,
  type CommandResult,
  type EngineProcess,
} from "./processes.ts";

export interface LocalCluster {
  readonly kubeconfig: string;
  kubectl(args: readonly string[]): Promise<CommandResult>;
  /** Stops both processes and removes every file; safe to call twice. */
  stop(): Promise<void>;
}

const TOKEN = "trellis-local-admin";

export function startLocalCluster(
  binaries: ControlPlaneBinaries,
  log: (line: string) => void = () => {},
): Promise<LocalCluster> {
  return retryOnPortClash(() => startOnFreePorts(binaries, log));
}

async function startOnFreePorts(binaries: ControlPlaneBinaries, log: (line: string) => void): Promise<LocalCluster> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-cluster-"));
  const processes: EngineProcess[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(processes.map((engine) => engine.stop()));
    await rm(folder, { recursive: true, force: true });
  };

  try {
    const [clientPort, peerPort, apiPort] = await freePorts(3);
    processes.push(
      spawnEngine("etcd", binaries.etcd, [
        "--name",
        "trellis",
        "--data-dir",
        join(folder, "etcd"),
        "--listen-client-urls",
        `http://127.0.0.1:${clientPort}`,
        "--advertise-client-urls",
        `http://127.0.0.1:${clientPort}`,
        "--listen-peer-urls",
        `http://127.0.0.1:${peerPort}`,
        "--initial-advertise-peer-urls",
        `http://127.0.0.1:${peerPort}`,
        "--initial-cluster",
        `trellis=http://127.0.0.1:${peerPort}`,
        "--unsafe-no-fsync",
        "--log-level",
        "error",
      ]),
    );
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(join(folder, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    await writeFile(join(folder, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    await writeFile(join(folder, "tokens.csv"), `${TOKEN},admin,admin,"system:masters"\n`);
    processes.push(
      spawnEngine("kube-apiserver", binaries.apiServer, [
        "--etcd-servers",
        `http://127.0.0.1:${clientPort}`,
        "--bind-address",
        "127.0.0.1",
        "--advertise-address",
        "127.0.0.1",
        "--secure-port",
        String(apiPort),
        "--cert-dir",
        join(folder, "certs"),
        "--token-auth-file",
        join(folder, "tokens.csv"),
        "--authorization-mode",
        "RBAC",
        "--service-account-issuer",
        "https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file",
        join(folder, "sa.pub"),
        "--service-account-signing-key-file",
        join(folder, "sa.key"),
        "--service-cluster-ip-range",
        "10.96.0.0/16",
        "--allow-privileged=true",
      ]),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfig = join(folder, "kubeconfig");
    // The serving certificate is self-signed by the API server for this run only, on loopback.
    await writeFile(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        `clusters: [{name: local, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
        `users: [{name: admin, user: {token: ${TOKEN}}}]`,
        "contexts: [{name: local, context: {cluster: local, user: admin}}]",
        "current-context: local",
        "",
      ].join("\n"),
    );
    const started = performance.now();
    await waitFor(
      "the API server's /readyz",
      async () => ((await status(`${server}/readyz`)) === 200 ? true : undefined),
      { deadlineMs: 120_000, watch: processes, intervalMs: 250 },
    );
    log(`local control plane ready on ${server} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return {
      kubeconfig,
      kubectl: (args) => runToEnd(binaries.kubectl, ["--kubeconfig", kubeconfig, ...args]),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(
      url,
      { rejectUnauthorized: false, headers: { authorization: `Bearer ${TOKEN}` }, timeout: 2_000 },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", () => resolve(0));
    request.on("timeout", () => request.destroy());
  });
}
