// The local cluster's pod addresses. The API server refuses loopback (127.0.0.0/8) addresses as endpoints, so pods
// get addresses from 10.244.<n>.0/24, a block this cluster adds to the loopback interface for its own lifetime: every
// address in it is then local to this machine (nothing is routed off it) and can be bound without further setup.
// The lower half goes to kwok's simulated pods (the node's pod CIDR), the upper half to pods run as processes. The
// address carries the owner's pid in its label, so a block left by a killed run is taken back by the next one.
// Needs root (CAP_NET_ADMIN) and iproute2's `ip`.
import { runToEnd } from "./processes.ts";

const FIRST_OCTETS = "10.244";
const LABEL_PREFIX = "lo:t";

export interface PodNetwork {
  /** The whole block, as a CIDR. */
  readonly cidr: string;
  /** The node's pod CIDR, from which kwok hands out addresses. */
  readonly nodePodCidr: string;
  /** The n-th address (from 0) for a pod run as a process. */
  processPodAddress(n: number): string;
  /** An address of this network for a helper outside the cluster that its pods reach (the rehearsal's origin). */
  readonly helperAddress: string;
  /** Takes the block off the loopback interface; safe to call twice. */
  release(): Promise<void>;
}

export async function claimPodNetwork(): Promise<PodNetwork> {
  await sweepAbandoned();
  const taken = new Set((await loopbackAddresses()).map((entry) => entry.block));
  for (let block = 1; block < 255; block += 1) {
    if (taken.has(block)) continue;
    const cidr = `${FIRST_OCTETS}.${block}.0/24`;
    const added = await ip([
      "addr",
      "add",
      `${FIRST_OCTETS}.${block}.1/24`,
      "dev",
      "lo",
      "label",
      `${LABEL_PREFIX}${process.pid}`,
    ]);
    if (added.code !== 0) {
      if (/File exists/.test(added.stderr)) continue;
      throw new Error(
        `cannot add the pod network ${cidr} to the loopback interface (ip addr add needs root): ${added.stderr.trim()}`,
      );
    }
    let released = false;
    return {
      cidr,
      nodePodCidr: `${FIRST_OCTETS}.${block}.0/25`,
      processPodAddress: (n) => {
        if (n < 0 || n > 125) throw new Error(`no process pod address left in ${cidr}`);
        return `${FIRST_OCTETS}.${block}.${128 + n}`;
      },
      helperAddress: `${FIRST_OCTETS}.${block}.254`,
      release: async () => {
        if (released) return;
        released = true;
        await ip(["addr", "del", `${FIRST_OCTETS}.${block}.1/24`, "dev", "lo"]);
      },
    };
  }
  throw new Error(`no free pod network left in ${FIRST_OCTETS}.0.0/16`);
}

function ip(args: readonly string[]) {
  return runToEnd("ip", args).catch((error: Error) => ({ code: 1, stdout: "", stderr: error.message }));
}

interface LoopbackBlock {
  readonly block: number;
  readonly owner: number | undefined;
}

async function loopbackAddresses(): Promise<LoopbackBlock[]> {
  const listed = await ip(["-o", "-4", "addr", "show", "dev", "lo"]);
  const blocks: LoopbackBlock[] = [];
  for (const line of listed.stdout.split("\n")) {
    const match = new RegExp(
      `inet ${FIRST_OCTETS.replace(".", "\\.")}\\.(\\d+)\\.1/24 .*?(?:${LABEL_PREFIX}(\\d+))?\\s*(?:\\\\|$)`,
    ).exec(line);
    if (match) blocks.push({ block: Number(match[1]), owner: match[2] === undefined ? undefined : Number(match[2]) });
  }
  return blocks;
}

/** Blocks whose owning process is gone (a run that was killed) are removed. */
async function sweepAbandoned(): Promise<void> {
  for (const entry of await loopbackAddresses()) {
    if (entry.owner === undefined || isAlive(entry.owner)) continue;
    await ip(["addr", "del", `${FIRST_OCTETS}.${entry.block}.1/24`, "dev", "lo"]);
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
