// What a test run may leave behind and must not: folders in the system temp directory with the prefix every
// test uses, processes started under the run, listening sockets, addresses on the loopback interface and network
// interfaces (the local cluster's pod and Service blocks, its bridge and the pods' veth pairs). Taken before and after the whole run.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** Every temporary folder a test or the code under test makes starts with this. */
export const TEMP_PREFIX = "trellis-";

export interface Snapshot {
  readonly temporary: ReadonlySet<string>;
  readonly listeners: ReadonlySet<string>;
  readonly loopback: ReadonlySet<string>;
  readonly interfaces: ReadonlySet<string>;
}

export function snapshot(): Snapshot {
  return {
    temporary: new Set(temporaryEntries()),
    listeners: new Set(listeningSockets()),
    loopback: new Set(loopbackAddresses()),
    interfaces: new Set(networkInterfaces()),
  };
}

/** What is there now and was not at `before`, in words; empty when nothing was left. */
export function leftSince(before: Snapshot, ownPid: number): string[] {
  const problems: string[] = [];
  const temporary = temporaryEntries().filter((entry) => !before.temporary.has(entry));
  if (temporary.length > 0)
    problems.push(`${temporary.length} folder(s) left in ${tmpdir()}: ${temporary.sort().slice(0, 20).join(", ")}`);
  const listeners = listeningSockets().filter((socket) => !before.listeners.has(socket));
  if (listeners.length > 0)
    problems.push(`${listeners.length} socket(s) still listening: ${listeners.sort().join(", ")}`);
  const addresses = loopbackAddresses().filter((address) => !before.loopback.has(address));
  if (addresses.length > 0)
    problems.push(`${addresses.length} address(es) left on the loopback interface: ${addresses.join(", ")}`);
  const interfaces = networkInterfaces().filter((name) => !before.interfaces.has(name));
  if (interfaces.length > 0) problems.push(`${interfaces.length} network interface(s) left: ${interfaces.join(", ")}`);
  const processes = descendants(ownPid).filter((process) => !/vitest|esbuild/.test(process.command));
  if (processes.length > 0)
    problems.push(
      `${processes.length} process(es) still running: ${processes.map((process) => `${process.pid} ${process.command}`).join("; ")}`,
    );
  return problems;
}

function loopbackAddresses(): string[] {
  try {
    const listed = execFileSync("ip", ["-o", "-4", "addr", "show", "dev", "lo"], { encoding: "utf8" });
    return [...listed.matchAll(/inet (\S+)/g)].map((match) => match[1] ?? "");
  } catch {
    return [];
  }
}

function networkInterfaces(): string[] {
  try {
    const listed = execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" });
    return [...listed.matchAll(/^\d+: ([^:@\s]+)/gm)].map((match) => match[1] ?? "");
  } catch {
    return [];
  }
}

function temporaryEntries(): string[] {
  return readdirSync(tmpdir()).filter((entry) => entry.startsWith(TEMP_PREFIX));
}

/** "address:port" of every listening TCP socket, from /proc/net/tcp and tcp6 (hex, as the kernel writes them). */
function listeningSockets(): string[] {
  const sockets: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === "0A" && fields[1]) sockets.push(fields[1]);
    }
  }
  return sockets;
}

interface ProcessEntry {
  readonly pid: number;
  readonly parent: number;
  readonly command: string;
}

function descendants(root: number): ProcessEntry[] {
  const all: ProcessEntry[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      // A zombie has ended; only its parent has not collected its exit status yet.
      if (state !== "Z") all.push({ pid: Number(entry), parent: Number(parent), command });
    } catch {
      // The process ended while being read.
    }
  }
  const found: ProcessEntry[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const process of all) {
      if (parents.has(process.parent) && !parents.has(process.pid)) {
        parents.add(process.pid);
        found.push(process);
        grew = true;
      }
    }
  }
  return found;
}
