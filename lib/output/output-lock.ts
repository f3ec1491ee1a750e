// One writer per output folder: an exclusive lock file that names its holder. A second run waits for the
// first to finish (up to a deadline) and then refuses; a lock whose holder no longer runs is taken over.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { OutputError } from "./output-error.ts";

export const LOCK_FILE = ".trellis-lock";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export interface LockOptions {
  /** How long to wait for another run to finish before refusing; 0 refuses at once. */
  readonly waitMs: number;
  /** What the holder is doing, shown to a run that has to wait ("synth"). */
  readonly command: string;
  /** Told once when this run starts waiting. */
  readonly onWait?: (holder: LockHolder) => void;
}

export interface OutputLock {
  release(): void;
}

const POLL_MS = 100;
let attempts = 0;

export async function lockOutput(outDir: string, options: LockOptions): Promise<OutputLock> {
  const lockPath = join(outDir, LOCK_FILE);
  const mine: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (tryCreate(lockPath, mine)) return { release: () => releaseIfMine(lockPath) };
    const holder = readHolder(lockPath);
    if (holder === undefined) continue; // released between our attempt and the read
    if (!isRunning(holder)) {
      takeOverStale(lockPath, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputError(
        `${outDir} is being written by another trellis ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
          `run again when it has finished. If no such process runs, remove ${lockPath}`,
        "busy",
      );
    }
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** link(2) of a complete temporary file: the lock appears with its content, or not at all. */
function tryCreate(lockPath: string, holder: LockHolder): boolean {
  attempts += 1;
  const temporary = `${lockPath}.${process.pid}-${attempts}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string") {
      return {
        pid: parsed.pid,
        host: parsed.host,
        command: String(parsed.command ?? "run"),
        since: String(parsed.since ?? "an unknown time"),
      };
    }
  } catch {
    // Unparsable: treated as a holder that cannot be running (below).
  }
  return { pid: 0, host: hostname(), command: "run", since: "an unknown time" };
}

/** A holder on another host cannot be checked and counts as running; pid 0 is an unreadable lock. */
function isRunning(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Moves the stale lock aside, then makes sure what was moved is the lock judged stale: if a live run took it
 * over in between, its lock is put back.
 */
function takeOverStale(lockPath: string, stale: LockHolder): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved !== undefined && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      linkSync(aside, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  unlinkSync(aside);
}

function releaseIfMine(lockPath: string): void {
  const holder = readHolder(lockPath);
  if (holder?.pid === process.pid && holder.host === hostname()) unlinkSync(lockPath);
}
