// Checks an output location before long work starts, so a typo fails in a
// second rather than after minutes of sampling or training.

import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../runtime/usage-error.js";

/** Creates the parent directory if needed and checks it is writable. */
export function prepareOutputFile(path: string, flag: string): void {
  const target = resolve(path);
  if (existsAsDirectory(target)) throw new UsageError(`${flag}: ${path} is a directory; give a file name`);
  const parent = dirname(target);
  try {
    makeDirectories(parent);
    if (!existsAsDirectory(parent)) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(parent, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write to ${dirname(path)} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** Creates a directory (and parents) for outputs and checks it is writable. */
export function prepareOutputDirectory(path: string, flag: string): void {
  const target = resolve(path);
  try {
    makeDirectories(target);
    if (!existsAsDirectory(target)) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write to ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

function existsAsDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * mkdir -p, one level at a time: Node 20's mkdirSync({ recursive: true })
 * spins forever where a parent refuses creation with ENOENT (e.g. under /proc).
 */
function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let dir = path; !existsSync(dir); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) mkdirSync(dir);
}
