// The local cluster's network. The API server refuses loopback (127.0.0.0/8) addresses as endpoints and ClusterIPs a
// pod could not reach from its own network namespace, so each cluster claims two blocks for its own lifetime:
// - pods, 10.244.<n>.0/24: the lower half is kwok's (the nodes' pod CIDRs), added to the loopback interface so that a
//   connection to a simulated pod is refused at once; the upper half is a bridge, trellis<n>, to which every pod run
//   as a process is attached by a veth pair from its own network namespace (its own localhost and ports, as in a
//   cluster); the bridge's own address is where helpers outside the cluster (the rehearsal's origin) listen;
// - Services, 10.245.<n>.0/24, added to the loopback interface: the service proxy binds ClusterIPs there, and pods
//   reach them through the bridge.
// Nothing is routed off this machine. The addresses carry the owner's pid in their label and the bridge in its alias,
// so what a killed run left is taken back by the next one. Needs root (CAP_NET_ADMIN) and iproute2's `ip`.
import { spawn, type ChildProcess } from "node:child_process";
import { runToEnd } from "./processes.ts";

const POD_OCTETS = "10.244";
const SERVICE_OCTETS = "10.245";
const LABEL_PREFIX = "lo:t";
const BRIDGE_PREFIX = "trellis";

export interface PodNetwork {
  /** The pod block, as a CIDR. */
  readonly cidr: string;
  /** The pod CIDRs of `count` nodes (1 to 4), from which kwok hands out addresses: one takes kwok's whole half. */
  nodePodCidrs(count: number): string[];
  /** The API server's Service range: the `kubernetes` Service gets its first address. */
  readonly serviceCidr: string;
  /** The n-th address (from 0) for a pod run as a process. */
  processPodAddress(n: number): string;
  /** An address of this network for a helper outside the cluster that its pods reach (the rehearsal's origin). */
  readonly helperAddress: string;
  /** A network namespace of its own for a pod, attached to the bridge with this address. */
  attach(address: string): Promise<PodAttachment>;
  /** Takes the blocks off the loopback interface and removes the bridge; safe to call twice. */
  release(): Promise<void>;
}

export interface PodAttachment {
  /** The namespace, for `nsenter --net=`. */
  readonly netns: string;
  /** Ends the namespace's holder and removes the veth pair; the namespace goes with its last process. */
  release(): Promise<void>;
}

export async function claimPodNetwork(): Promise<PodNetwork> {
  await sweepAbandoned();
  const taken = new Set([
    ...(await loopbackAddresses()).map((entry) => entry.block),
    ...(await bridges()).map((entry) => entry.block),
  ]);
  for (let block = 1; block < 255; block += 1) {
    if (taken.has(block)) continue;
    const label = `${LABEL_PREFIX}${process.pid}`;
    const kwokHalf = `${POD_OCTETS}.${block}.1/25`;
    const bridge = `${BRIDGE_PREFIX}${block}`;
    const gateway = `${POD_OCTETS}.${block}.254`;
    const services = `${SERVICE_OCTETS}.${block}.1/24`;
    // Only what this run added is removed: another cluster starting at the same time may hold the block.
    const added: (readonly string[])[] = [];
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      for (const removal of added.reverse()) await ip(removal);
    };
    const steps: { readonly add: readonly string[]; readonly removal?: readonly string[] }[] = [
      { add: ["addr", "add", kwokHalf, "dev", "lo", "label", label], removal: ["addr", "del", kwokHalf, "dev", "lo"] },
      { add: ["link", "add", bridge, "type", "bridge"], removal: ["link", "del", bridge] },
      { add: ["link", "set", bridge, "alias", `t${process.pid}`] },
      { add: ["addr", "add", `${gateway}/25`, "dev", bridge] },
      { add: ["link", "set", bridge, "up"] },
      { add: ["addr", "add", services, "dev", "lo", "label", label], removal: ["addr", "del", services, "dev", "lo"] },
    ];
    let clash = false;
    for (const step of steps) {
      const result = await ip(step.add);
      if (result.code === 0) {
        if (step.removal) added.push(step.removal);
        continue;
      }
      await release();
      if (/File exists|already assigned/i.test(result.stderr)) {
        clash = true;
        break;
      }
      throw new Error(
        `cannot claim the pod network ${POD_OCTETS}.${block}.0/24 (ip ${step.add.join(" ")}; needs root): ${result.stderr.trim()}`,
      );
    }
    if (clash) continue;
    let vethCount = 0;
    return {
      cidr: `${POD_OCTETS}.${block}.0/24`,
      nodePodCidrs: (count) => {
        if (!Number.isInteger(count) || count < 1 || count > 4)
          throw new Error(`a local cluster has 1 to 4 nodes, not ${count}`);
        if (count === 1) return [`${POD_OCTETS}.${block}.0/25`];
        return Array.from({ length: count }, (_, index) => `${POD_OCTETS}.${block}.${index * 32}/27`);
      },
      serviceCidr: `${SERVICE_OCTETS}.${block}.0/24`,
      processPodAddress: (n) => {
        if (n < 0 || n > 124) throw new Error(`no process pod address left in ${POD_OCTETS}.${block}.128/25`);
        return `${POD_OCTETS}.${block}.${129 + n}`;
      },
      helperAddress: gateway,
      attach: (address) => attachPod(bridge, `tv${block}x${(vethCount += 1)}`, address, gateway),
      release,
    };
  }
  throw new Error(`no free pod network left in ${POD_OCTETS}.0.0/16`);
}

/** A holder process in a new network namespace, a veth pair from it to the bridge, the pod's address inside. */
async function attachPod(bridge: string, veth: string, address: string, gateway: string): Promise<PodAttachment> {
  const holder: ChildProcess = spawn(
    "setpriv",
    ["--pdeathsig", "KILL", "unshare", "--net", "--", "sleep", "infinity"],
    { stdio: "ignore" },
  );
  const pid = holder.pid;
  const release = async () => {
    if (holder.exitCode === null && holder.signalCode === null) holder.kill("SIGKILL");
    await ip(["link", "del", veth]);
  };
  try {
    if (pid === undefined) throw new Error("cannot start a network namespace holder (setpriv, unshare)");
    const netns = `/proc/${pid}/ns/net`;
    // unshare creates the namespace before it runs sleep: wait until the holder's namespace differs from ours.
    const deadline = Date.now() + 5_000;
    while (
      (await runToEnd("readlink", [netns])).stdout.trim() ===
      (await runToEnd("readlink", ["/proc/self/ns/net"])).stdout.trim()
    ) {
      if (Date.now() > deadline) throw new Error("the network namespace holder did not enter its namespace in 5 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await must(["link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", String(pid)]);
    await must(["link", "set", veth, "master", bridge, "up"]);
    const inside = await runToEnd("nsenter", [
      `--net=${netns}`,
      "sh",
      "-c",
      [
        "set -e",
        "ip link set lo up",
        `ip addr add ${address}/25 dev eth0`,
        "ip link set eth0 up",
        `ip route add default via ${gateway}`,
      ].join("; "),
    ]);
    if (inside.code !== 0) throw new Error(`cannot set up the pod's network namespace: ${inside.stderr.trim()}`);
    return { netns, release };
  } catch (error) {
    await release();
    throw error;
  }
}

function ip(args: readonly string[]) {
  return runToEnd("ip", args).catch((error: Error) => ({ code: 1, stdout: "", stderr: error.message }));
}

async function must(args: readonly string[]): Promise<void> {
  const result = await ip(args);
  if (result.code !== 0) throw new Error(`ip ${args.join(" ")}: ${result.stderr.trim()}`);
}

interface OwnedBlock {
  readonly block: number;
  readonly owner: number | undefined;
  /** What to remove it with. */
  readonly removal: readonly string[];
}

async function loopbackAddresses(): Promise<OwnedBlock[]> {
  const listed = await ip(["-o", "-4", "addr", "show", "dev", "lo"]);
  const blocks: OwnedBlock[] = [];
  const pattern = new RegExp(
    `inet ((?:${POD_OCTETS}|${SERVICE_OCTETS})\\.(\\d+)\\.1/2[45]) .*?(?:${LABEL_PREFIX}(\\d+))?\\s*(?:\\\\|$)`,
  );
  for (const line of listed.stdout.split("\n")) {
    const match = pattern.exec(line);
    if (match)
      blocks.push({
        block: Number(match[2]),
        owner: match[3] === undefined ? undefined : Number(match[3]),
        removal: ["addr", "del", match[1]!, "dev", "lo"],
      });
  }
  return blocks;
}

async function bridges(): Promise<OwnedBlock[]> {
  const listed = await ip(["-o", "link", "show", "type", "bridge"]);
  const found: OwnedBlock[] = [];
  for (const line of listed.stdout.split("\n")) {
    const match = new RegExp(`^\\d+: ${BRIDGE_PREFIX}(\\d+):.*?(?:alias t(\\d+))?\\s*$`).exec(line);
    if (match)
      found.push({
        block: Number(match[1]),
        owner: match[2] === undefined ? undefined : Number(match[2]),
        removal: ["link", "del", `${BRIDGE_PREFIX}${match[1]}`],
      });
  }
  return found;
}

/** Blocks and bridges whose owning process is gone (a run that was killed) are removed. */
async function sweepAbandoned(): Promise<void> {
  for (const entry of [...(await loopbackAddresses()), ...(await bridges())]) {
    if (entry.owner === undefined || isAlive(entry.owner)) continue;
    await ip(entry.removal);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
