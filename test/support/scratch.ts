// Temporary directories a test file makes and removes when its suites are done.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * Call at the top of a test file: a maker of fresh temporary directories named PREFIX..., all removed after the
 * file's suites have run.
 *
 * @param prefix - The directories' name prefix.
 * @returns A function that makes one directory and returns its path.
 */
export function scratchDirectories(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
