// One writer per directory. Every command that writes a run, model or task
// directory (train, reproduce, sweep run-task) holds DIR/.blockspin.lock
// while it works: two `reproduce --out D` started together used to race on
// D's checkpoint temp files, and on a cluster a requeued task can start while
// its first run still writes.
//
// The lock file is created exclusively (O_EXCL), so of two writers exactly
// one gets it. It records the holder's pid and host: a lock whose process is
// gone on this host is stale and taken over; one from another host (a shared
// filesystem) cannot be checked from here and is respected unless `force`.

import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { UsageError } from "../runtime/usage-error.js";

export const LOCK_FILE = ".blockspin.lock";

/** What a lock file holds. */
export interface LockHolder {
  /** The holder's process id. */
  pid: number;
  /** The holder's host name (os.hostname()). */
  host: string;
  /** The command that took it, e.g. "blockspin train". */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** A second writer: one line naming the holder; exit code 2 like other bad invocations. */
export class DirectoryLockedError extends UsageError {
  /**
   * @param directory - The locked directory.
   * @param holder - Who holds its lock.
   */
  constructor(readonly directory: string, readonly holder: LockHolder) {
    super(`${directory} is being written by ${describeHolder(holder)}; wait for it to finish` +
      (holder.host === hostname() ? "" : ", or pass --force if that host's process is gone"));
  }
}

/** A lock held (acquireDirectoryLock). */
export interface DirectoryLock {
  /** The lock file's path, DIR/.blockspin.lock. */
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** Options of acquireDirectoryLock. */
export interface LockOptions {
  /** Who takes it, recorded for the message another writer sees. */
  command: string;
  /** Take over a lock held on another host (whose process cannot be checked from here). */
  force?: boolean;
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
}

/**
 * Takes `directory`/.blockspin.lock (the directory must exist) or throws
 * DirectoryLockedError. The lock is also removed when the process exits
 * normally or through process.exit (a second SIGINT); a SIGKILL leaves a
 * stale lock, which the next writer on this host takes over.
 *
 * @param directory - The directory to lock.
 * @param options - Who takes it, and whether to take over a lock held on another host.
 * @returns The lock; release() it when done.
 */
export function acquireDirectoryLock(directory: string, options: LockOptions): DirectoryLock {
  const path = join(directory, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, host: hostname(), command: options.command, since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, content)) break;
    const holder = settledHolder(directory);
    if (holder && !isStale(holder, options.force ?? false)) throw new DirectoryLockedError(directory, holder);
    if (attempt >= 3) throw new DirectoryLockedError(directory, holder ?? { pid: 0, host: "?", command: "unknown", since: "?" });
    // Stale (or unreadable, i.e. half-written by a writer that died): move it aside under a unique name, so of
    // two processes taking over the same stale lock only one rename succeeds, then try the exclusive create again.
    // If what was moved is not the lock judged stale (another process took over in between), put it back.
    const aside = `${path}.stale.${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // someone else moved it first; the next create decides
    }
    const moved = readHolderFile(aside);
    if (holder && moved && (moved.pid !== holder.pid || moved.host !== holder.host || moved.since !== holder.since)) {
      try {
        linkSync(aside, path); // fails if yet another writer got in: then that one holds it
      } catch {
        // as said
      }
    }
    unlinkSync(aside);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      if (readFileSync(path, "utf8") === content) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on("exit", release);
  return { path, release };
}

/** The current holder of `directory`'s lock, if there is a readable one. */
export function readLockHolder(directory: string): LockHolder | undefined {
  return readHolderFile(join(directory, LOCK_FILE));
}

function readHolderFile(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string") return undefined;
    return { pid: parsed.pid, host: parsed.host, command: String(parsed.command ?? "unknown"), since: String(parsed.since ?? "?") };
  } catch {
    return undefined;
  }
}

/**
 * The holder, re-read for up to a second while the file is empty or partial: a writer that has just created it
 * may not have written its line yet, and must not be mistaken for a dead one.
 */
function settledHolder(directory: string): LockHolder | undefined {
  for (let tries = 0; tries < 10; tries++) {
    const holder = readLockHolder(directory);
    if (holder) return holder;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return undefined;
}

/** Whether a holder on this host is still running (another host's cannot be checked: assumed alive). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  return processAlive(holder.pid);
}

function isStale(holder: LockHolder, force: boolean): boolean {
  if (holder.host !== hostname()) return force;
  return !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}
