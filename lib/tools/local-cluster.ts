// A throw-away Kubernetes cluster on 127.0.0.1: etcd and kube-apiserver with fresh keys and a static admin token,
// reached through kubectl. With `nodes`, also the controller manager, the scheduler and kwok with its nodes (one
// unless said), so workloads roll out to pods that get IPs and a Running status, and deletion cascades as in a cluster. Service
// ClusterIPs are loopback addresses too, so a userspace proxy can serve them (lib/cluster/service-proxy.ts). No
// webhooks run unless a test starts them.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { ControlPlaneBinaries } from "./control-plane.ts";
import { claimPodNetwork, type PodNetwork } from "./pod-network.ts";
import {
  freePorts,
  retryOnPortClash,
  runToEnd,
  spawnEngine,
  waitFor,
  type CommandResult,
  type EngineProcess,
} from "./processes.ts";

/** The parts that make the control plane a cluster with a node (cluster-controllers.ts, kwok.ts). */
export interface ClusterNodes {
  readonly controllerManager: string;
  readonly scheduler: string;
  readonly kwok: string;
  /** kwok's Stage documents. */
  readonly stages: string;
}

/** The first node kwok plays (every cluster with nodes has it); pods' addresses come from the cluster's pod network (pod-network.ts). */
export const NODE_NAME = "trellis-node-1";
const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
/** ClusterIPs of a cluster without a node: loopback addresses any local process can bind without setup. */
const LOOPBACK_SERVICE_CIDR = "127.96.0.0/16";

export interface ClusterOptions {
  /** kwok leaves pods whose first container runs one of these images alone: something else runs them. */
  readonly processImages?: readonly string[];
  /** How many nodes kwok plays (1 to 4; 1 unless said): three for an install whose pods must not share a node. */
  readonly nodeCount?: number;
}

export interface LocalCluster {
  readonly kubeconfig: string;
  /** The API server's address and the CA that signed its serving certificate (what pods get as ca.crt). */
  readonly apiServer: { readonly host: string; readonly port: number; readonly caFile: string };
  /** A token of system:masters, for the cluster's own helpers. */
  readonly adminToken: string;
  /** The pods' addresses, when the cluster has a node. */
  readonly podNetwork?: PodNetwork;
  kubectl(args: readonly string[]): Promise<CommandResult>;
  /** Stops both processes and removes every file; safe to call twice. */
  stop(): Promise<void>;
}

const TOKEN = "trellis-local-admin";

export function startLocalCluster(
  binaries: ControlPlaneBinaries,
  log: (line: string) => void = () => {},
  nodes?: ClusterNodes,
  options: ClusterOptions = {},
): Promise<LocalCluster> {
  return retryOnPortClash(() => startOnFreePorts(binaries, log, nodes, options));
}

async function startOnFreePorts(
  binaries: ControlPlaneBinaries,
  log: (line: string) => void,
  nodes: ClusterNodes | undefined,
  options: ClusterOptions,
): Promise<LocalCluster> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-cluster-"));
  const processes: EngineProcess[] = [];
  let podNetwork: PodNetwork | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(processes.map((engine) => engine.stop()));
    await podNetwork?.release();
    await rm(folder, { recursive: true, force: true });
  };

  try {
    // With a node, pods run in network namespaces of their own: Services take addresses they can reach.
    if (nodes) podNetwork = await claimPodNetwork();
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
        podNetwork?.serviceCidr ?? LOOPBACK_SERVICE_CIDR,
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
    const kubectl = (args: readonly string[]) => runToEnd(binaries.kubectl, ["--kubeconfig", kubeconfig, ...args]);
    const caFile = join(folder, "apiserver-ca.crt");
    await writeFile(caFile, await servingCa(join(folder, "certs", "apiserver.crt")));
    if (nodes && podNetwork) {
      const nodeCount = options.nodeCount ?? 1;
      await startNodes(
        nodes,
        folder,
        kubeconfig,
        processes,
        kubectl,
        caFile,
        options.processImages ?? [],
        podNetwork,
        nodeCount,
      );
      log(
        `local cluster: ${nodeNames(nodeCount).join(", ")} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    return {
      kubeconfig,
      kubectl,
      stop,
      apiServer: { host: "127.0.0.1", port: apiPort ?? 0, caFile },
      adminToken: TOKEN,
      ...(podNetwork ? { podNetwork } : {}),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The controller manager (every controller a cluster without a cloud runs; the node IPAM controller stays off, the
 * nodes' pod CIDRs are set here), the scheduler, and kwok managing the nodes this creates. Ready when every node is
 * Ready and untainted: the node lifecycle controller removes the not-ready taint new nodes carry.
 */
async function startNodes(
  nodes: ClusterNodes,
  folder: string,
  kubeconfig: string,
  processes: EngineProcess[],
  kubectl: (args: readonly string[]) => Promise<CommandResult>,
  rootCaFile: string,
  processImages: readonly string[],
  network: PodNetwork,
  nodeCount: number,
): Promise<void> {
  await writeFile(join(folder, "stages.yaml"), withoutProcessPods(nodes.stages, processImages));
  processes.push(
    spawnEngine("kube-controller-manager", nodes.controllerManager, [
      "--kubeconfig",
      kubeconfig,
      "--service-account-private-key-file",
      join(folder, "sa.key"),
      // Published in every namespace as kube-root-ca.crt, which pods' service-account volumes carry.
      "--root-ca-file",
      rootCaFile,
      "--leader-elect=false",
      // kwok renews the node's lease (below); on a loaded machine a renewal can come late, and a node taken for
      // NotReady has the pods kwok plays marked unready for good (kwok does not mark them ready again).
      "--node-monitor-grace-period=5m",
      "--controllers",
      "*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller",
      "--secure-port=0",
    ]),
    spawnEngine("kube-scheduler", nodes.scheduler, [
      "--kubeconfig",
      kubeconfig,
      "--leader-elect=false",
      "--secure-port=0",
    ]),
    spawnEngine("kwok", nodes.kwok, [
      "--kubeconfig",
      kubeconfig,
      "--config",
      join(folder, "stages.yaml"),
      "--manage-all-nodes=false",
      "--manage-nodes-with-annotation-selector",
      `${KWOK_NODE_ANNOTATION}=fake`,
      "--cidr",
      network.cidr,
      "--node-ip",
      "127.0.0.1",
      // Without it kwok keeps no Lease and the node's only heartbeat is its status, every 5 minutes as kubelet
      // reports it: the node lifecycle controller then takes the node for NotReady now and then and marks every pod
      // unready (measured: Argo CD saw Deployments flap to Progressing). 40 s is kubelet's default.
      "--node-lease-duration-seconds=40",
    ]),
  );
  const names = nodeNames(nodeCount);
  const cidrs = network.nodePodCidrs(nodeCount);
  for (const [index, name] of names.entries()) {
    const node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name,
        annotations: { [KWOK_NODE_ANNOTATION]: "fake" },
        labels: {
          "kubernetes.io/hostname": name,
          "kubernetes.io/os": "linux",
          "kubernetes.io/arch": "amd64",
          // One zone per node, so that a spread across zones has somewhere to go.
          "topology.kubernetes.io/zone": `zone-${String.fromCharCode(97 + index)}`,
          type: "kwok",
        },
      },
      spec: { podCIDR: cidrs[index], podCIDRs: [cidrs[index]] },
    };
    const file = join(folder, `${name}.json`);
    await writeFile(file, JSON.stringify(node));
    const created = await kubectl(["create", "-f", file]);
    if (created.code !== 0) throw new Error(`could not create the kwok node ${name}: ${created.stderr.trim()}`);
  }
  await waitFor(
    `nodes ${names.join(", ")} Ready and untainted`,
    async () => {
      for (const name of names) {
        const read = await kubectl(["get", "node", name, "-o", "json"]);
        if (read.code !== 0) return undefined;
        const { spec, status } = JSON.parse(read.stdout) as {
          spec?: { taints?: unknown[] };
          status?: { conditions?: { type: string; status: string }[] };
        };
        const ready = status?.conditions?.some(
          (condition) => condition.type === "Ready" && condition.status === "True",
        );
        if (!ready || (spec?.taints ?? []).length > 0) return undefined;
      }
      return true;
    },
    { deadlineMs: 120_000, watch: processes, intervalMs: 500 },
  );
}

/** The nodes kwok plays, trellis-node-1 onwards. */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `trellis-node-${index + 1}`);
}

/** The API server writes its self-signed serving certificate followed by the CA that signed it; this is the CA. */
async function servingCa(certificateFile: string): Promise<string> {
  const blocks = (await readFile(certificateFile, "utf8")).match(
    /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
  );
  const ca = blocks?.at(-1);
  if (!ca) throw new Error(`no certificate in ${certificateFile}`);
  return `${ca}\n`;
}

/** kwok's pod stages (start, complete) with a condition that skips pods whose first container runs a process image. */
export function withoutProcessPods(stages: string, processImages: readonly string[]): string {
  if (processImages.length === 0) return stages;
  return parseAllDocuments(stages)
    .map((document) => {
      const stage = document.toJS() as {
        kind?: string;
        metadata?: { name?: string };
        spec?: { resourceRef?: { kind?: string }; selector?: { matchExpressions?: unknown[] } };
      };
      if (stage.kind === "Stage" && stage.spec?.resourceRef?.kind === "Pod" && stage.metadata?.name !== "pod-delete")
        stage.spec.selector = {
          ...stage.spec.selector,
          matchExpressions: [
            ...(stage.spec.selector?.matchExpressions ?? []),
            { key: ".spec.containers.[0].image", operator: "NotIn", values: [...processImages] },
          ],
        };
      return JSON.stringify(stage);
    })
    .join("\n---\n");
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
