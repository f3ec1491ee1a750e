// Local engine processes: loopback ports, spawning with a bounded output tail, waiting on readiness with a
// deadline, and stopping them so that none outlives the run that started it.
import { execFile, spawn, type ChildProcess, type ExecFileOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { connect, createServer } from "node:net";

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and returns its exit code and output, failing or not. */
export function runToEnd(
  binary: string,
  args: readonly string[],
  options: ExecFileOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(binary, args, { maxBuffer: 64 * 1024 * 1024, ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error
        ? typeof (error as { code?: unknown }).code === "number"
          ? (error as { code: number }).code
          : 1
        : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface EngineProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last lines the process wrote, for error messages. */
  tail(lines?: number): string;
  /** Peak resident memory so far (VmHWM), in MiB; undefined once the process has exited. */
  peakRssMiB(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** util-linux's setpriv, which sets the parent-death signal and then runs the engine in its place. */
const PARENT_DEATH_SIGNAL = ["/usr/bin/setpriv", "/bin/setpriv"].find((path) => existsSync(path));

const started = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();
process.once("exit", () => started.forEach((child) => signal(child, "SIGKILL")));

/** A process started as a group leader is signalled with its whole group: a shell's children go with it. */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (groups.has(child) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, name);
      return;
    } catch {
      // The group is gone already.
    }
  }
  child.kill(name);
}

export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Keep stdin and stdout for the caller to talk to the process; only stderr is kept as its output. */
  readonly conversation?: boolean;
  /** Starts the process as the leader of its own process group, which stop() signals as a whole. */
  readonly group?: boolean;
}

export function spawnEngine(
  name: string,
  binary: string,
  args: readonly string[],
  options: SpawnOptions = {},
): EngineProcess {
  const output: string[] = [];
  // The kernel ends the process if this one dies, however it dies (a SIGKILL runs no exit handler).
  const [command, ...commandArgs] = PARENT_DEATH_SIGNAL
    ? [PARENT_DEATH_SIGNAL, "--pdeathsig", "KILL", binary, ...args]
    : [binary, ...args];
  const child = spawn(command!, commandArgs, {
    stdio: [options.conversation ? "pipe" : "ignore", "pipe", "pipe"],
    env: options.env ?? process.env,
    detached: options.group ?? false,
  });
  if (options.group) groups.add(child);
  started.add(child);
  child.once("exit", () => started.delete(child));
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  if (!options.conversation) child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return {
    name,
    child,
    tail: (lines = 30) => output.join("").split("\n").slice(-lines).join("\n"),
    peakRssMiB: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
      const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kib === undefined ? undefined : Math.round(Number(kib) / 1024);
    },
    stop: () => terminate(child),
  };
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
export function terminate(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal(child, "SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      // Whatever the leader left behind in its group goes too.
      signal(child, "SIGKILL");
      resolve();
    });
    signal(child, "SIGTERM");
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether a TCP connection to the address opens, giving up after a second. */
export function hostAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

export function portAccepts(port: number): Promise<boolean> {
  return hostAccepts("127.0.0.1", port);
}

/**
 * Polls `ready` until it returns a value other than undefined, failing at the deadline or as soon as one of
 * the watched processes exits, with its last output in the message.
 */
export async function waitFor<T>(
  what: string,
  ready: () => Promise<T | undefined>,
  options: { deadlineMs: number; watch?: readonly EngineProcess[]; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    const dead = options.watch?.find((engine) => hasExited(engine.child));
    if (dead)
      throw new Error(
        `${dead.name} exited with ${dead.child.exitCode ?? dead.child.signalCode} while waiting for ${what}:\n${dead.tail()}`,
      );
    const value = await ready();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${Math.round(options.deadlineMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/**
 * Starts again with fresh ports when a port picked by freePorts was taken by another process before the
 * engine bound it (a race that grows with the number of engines starting side by side).
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !/address already in use/.test(String(error))) throw error;
    }
  }
}
