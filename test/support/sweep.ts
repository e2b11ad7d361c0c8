// Helpers for the sweep tests: the built CLI, tiny specs, and comparing the
// outputs of two runs of the same plan.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export const CLI = new URL("../../dist/node/cli.js", import.meta.url).pathname;

export function cli(args: readonly string[], options: { cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", ...options });
}

/** Starts the CLI without waiting; resolves with its exit code and output when it ends. */
export function cliAsync(args: readonly string[]): { pid: number; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => { stdout += chunk; });
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  return { pid: child.pid!, done: new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr }))) };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `blockspin-${prefix}-`));
}

/** A tiny sweep: 16x16 lattice, 2 layers, 2 epochs, 4 tasks (l1/l2 x 2 seeds), one sample set. */
export const TINY_SPEC = {
  name: "tiny",
  sample: { size: 16, count: 400, seed: 3 },
  train: { layers: "64,16", epochs: 2, penalty: ["l1", "l2"] },
  seeds: [1, 2],
};

export function writeSpec(dir: string, spec: unknown, name = "spec.json"): string {
  const path = join(dir, name);
  writeFileSync(path, typeof spec === "string" ? spec : JSON.stringify(spec, null, 2));
  return path;
}

export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every file under DIR/tasks, relative to it. */
export function taskFiles(dir: string): string[] {
  const root = join(dir, "tasks");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  if (existsSync(root)) walk(root);
  return files.sort();
}

/**
 * A task file's bytes as compared between two runs: everything byte for byte, except the records of when and
 * how fast: model.json's createdAt and per-layer training seconds, and metrics.jsonl's per-epoch wall times.
 */
export function comparableBytes(path: string): Buffer | string {
  if (path.endsWith("model.json")) {
    const manifest = JSON.parse(readFileSync(path, "utf8")) as { createdAt?: string; layers: { metrics: { seconds?: number } }[] };
    delete manifest.createdAt;
    for (const layer of manifest.layers) delete layer.metrics.seconds;
    return JSON.stringify(manifest);
  }
  if (path.endsWith("metrics.jsonl")) {
    return readFileSync(path, "utf8").trim().split("\n").map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      delete row["seconds"];
      delete row["monitorSeconds"];
      return JSON.stringify(row);
    }).join("\n");
  }
  return readFileSync(path);
}
