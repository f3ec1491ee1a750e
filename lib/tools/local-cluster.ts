// A throw-away Kubernetes control plane on 127.0.0.1: etcd and kube-apiserver with fresh keys and a
// static admin token, reached through kubectl. Nothing else runs: no controllers, no nodes, no webhooks.
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { get } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./go-tool.ts";
import type { ControlPlaneBinaries } from "./control-plane.ts";

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LocalCluster {
  readonly kubeconfig: string;
  kubectl(args: readonly string[]): Promise<KubectlResult>;
  /** Stops both processes and removes every file; safe to call twice. */
  stop(): Promise<void>;
}

const TOKEN = "trellis-local-admin";

export async function startLocalCluster(binaries: ControlPlaneBinaries, log: (line: string) => void = () => {}): Promise<LocalCluster> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-cluster-"));
  const processes: ChildProcess[] = [];
  const output: string[] = [];
  let stopped = false;
  // Whatever happens to the test run, the processes do not outlive it.
  const onExit = () => processes.forEach((child) => child.kill("SIGKILL"));
  process.once("exit", onExit);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", onExit);
    await Promise.all(processes.map((child) => terminate(child)));
    await rm(folder, { recursive: true, force: true });
  };

  try {
    const [clientPort, peerPort, apiPort] = await freePorts(3);
    processes.push(
      spawnLogged(binaries.etcd, [
        "--name", "trellis",
        "--data-dir", join(folder, "etcd"),
        "--listen-client-urls", `http://127.0.0.1:${clientPort}`,
        "--advertise-client-urls", `http://127.0.0.1:${clientPort}`,
        "--listen-peer-urls", `http://127.0.0.1:${peerPort}`,
        "--initial-advertise-peer-urls", `http://127.0.0.1:${peerPort}`,
        "--initial-cluster", `trellis=http://127.0.0.1:${peerPort}`,
        "--unsafe-no-fsync",
        "--log-level", "error",
      ], output),
    );
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(join(folder, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
    await writeFile(join(folder, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    await writeFile(join(folder, "tokens.csv"), `${TOKEN},admin,admin,"system:masters"\n`);
    processes.push(
      spawnLogged(binaries.apiServer, [
        "--etcd-servers", `http://127.0.0.1:${clientPort}`,
        "--bind-address", "127.0.0.1",
        "--advertise-address", "127.0.0.1",
        "--secure-port", String(apiPort),
        "--cert-dir", join(folder, "certs"),
        "--token-auth-file", join(folder, "tokens.csv"),
        "--authorization-mode", "RBAC",
        "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file", join(folder, "sa.pub"),
        "--service-account-signing-key-file", join(folder, "sa.key"),
        "--service-cluster-ip-range", "10.96.0.0/16",
        "--allow-privileged=true",
      ], output),
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
    await waitUntilReady(server, processes, output);
    log(`local control plane ready on ${server} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return {
      kubeconfig,
      async kubectl(args) {
        try {
          const { stdout, stderr } = await run(binaries.kubectl, ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 64 * 1024 * 1024 });
          return { code: 0, stdout, stderr };
        } catch (error) {
          const failed = error as { code?: number; stdout?: string; stderr?: string };
          return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnLogged(binary: string, args: readonly string[], output: string[]): ChildProcess {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function waitUntilReady(server: string, processes: readonly ChildProcess[], output: readonly string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = processes.find((child) => child.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited with ${dead.exitCode}:\n${output.join("").split("\n").slice(-30).join("\n")}`);
    if ((await status(`${server}/readyz`)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API server was not ready within 120 s:\n${output.join("").split("\n").slice(-30).join("\n")}`);
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, { rejectUnauthorized: false, headers: { authorization: `Bearer ${TOKEN}` }, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", () => resolve(0));
    request.on("timeout", () => request.destroy());
  });
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
