// Running the built CLI (dist/node/cli.js) from a test, and the check every
// bad-input case shares: exit code 2 and one line on stderr, no stack.

import { spawnSync } from "node:child_process";
import { expect } from "vitest";

/** The built bin. */
export const CLI = new URL("../../dist/node/cli.js", import.meta.url).pathname;

/** What a finished CLI run gave. */
export interface CliRun {
  /** Exit code (null when killed by a signal). */
  code: number | null;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/**
 * Runs `blockspin ARGS...` to the end.
 *
 * @param args - The command line after `blockspin`.
 * @returns Exit code and output.
 */
export function blockspin(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Asserts a usage error: exit code 2, one line on stderr matching `pattern`, no stack trace.
 *
 * @param run - The run.
 * @param pattern - What the line must say.
 */
export function expectUsageError(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/);
}
