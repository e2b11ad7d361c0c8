// How executors start `blockspin sweep run-task` and friends: this Node
// binary running this build's cli.js, so a pool or a Slurm script runs the
// same code that planned the sweep, with or without `blockspin` on PATH.

import { closeSync, openSync, readSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI_PATH = fileURLToPath(new URL("../cli.js", import.meta.url));

/** argv for a child blockspin: [node, cli.js, ...args]. */
export function blockspinArgv(args: readonly string[]): string[] {
  return [process.execPath, CLI_PATH, ...args];
}

/** The last non-empty line of a log file (read from its end), or undefined when there is none. */
export function lastLogLine(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const size = statSync(path).size;
    const length = Math.min(size, 8192);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8").split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== "").at(-1);
  } finally {
    closeSync(fd);
  }
}
