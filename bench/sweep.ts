// Sweep throughput: the same small sweep (examples/sweeps/l1-strength.json cut
// down: 2 strengths x 2 penalties x 2 seeds, fewer samples and epochs) run by
// `blockspin sweep run` as 2 jobs x 1 thread and as 1 job x 2 threads, in
// tasks per hour. Independent tasks never wait on each other; threads of one
// training meet every mini-batch, so the first should win. Uses the built CLI
// (npm run build). BENCH_SWEEP_SAMPLES and BENCH_SWEEP_EPOCHS scale it up.

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "./timing.js";

const CLI = new URL("../dist/node/cli.js", import.meta.url).pathname;
const EXAMPLE = new URL("../examples/sweeps/l1-strength.json", import.meta.url).pathname;

function blockspin(args: string[]): void {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`blockspin ${args.join(" ")}: ${run.stderr.trim().split("\n").at(-1)}`);
}

export function benchSweep(): BenchRow[] {
  const samples = Number(process.env.BENCH_SWEEP_SAMPLES ?? 5000);
  const epochs = Number(process.env.BENCH_SWEEP_EPOCHS ?? 5);
  const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as { sample: Record<string, unknown>; train: Record<string, unknown> & { penaltyStrength: number[] } };
  const spec = {
    name: "bench-sweep",
    sample: { ...example.sample, count: samples },
    train: { ...example.train, epochs, penaltyStrength: example.train.penaltyStrength.slice(2, 4) },
    seeds: [1, 2],
  };
  const root = mkdtempSync(join(tmpdir(), "blockspin-bench-sweep-"));
  try {
    const specPath = join(root, "spec.json");
    writeFileSync(specPath, JSON.stringify(spec));
    const configs = [{ jobs: 2, threads: 1 }, { jobs: 1, threads: 2 }];
    // One sample set drawn once and copied: the comparison is of the tasks, not of sampling.
    blockspin(["sweep", "plan", specPath, "--out", join(root, "first")]);
    blockspin(["sweep", "sample", join(root, "first"), "--quiet"]);
    const rows: BenchRow[] = [];
    const rates: number[] = [];
    for (const { jobs, threads } of configs) {
      const dir = join(root, `j${jobs}t${threads}`);
      blockspin(["sweep", "plan", specPath, "--out", dir]);
      cpSync(join(root, "first", "samples"), join(dir, "samples"), { recursive: true });
      const tasks = (JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as { tasks: unknown[] }).tasks.length;
      const start = performance.now();
      blockspin(["sweep", "run", dir, "--jobs", String(jobs), "--threads-per-job", String(threads), "--quiet"]);
      const seconds = (performance.now() - start) / 1000;
      const perHour = (tasks / seconds) * 3600;
      rates.push(perHour);
      rows.push({
        name: `${tasks} tasks (${samples} x 40x40, 1600-400-100-25, ${epochs} epochs/layer), ${jobs} job${jobs > 1 ? "s" : ""} x ${threads} thread${threads > 1 ? "s" : ""}`,
        value: perHour, unit: "tasks/h", note: `${seconds.toFixed(1)} s`,
      });
    }
    rows.push({ name: "2 jobs x 1 thread vs 1 job x 2 threads", value: rates[0]! / rates[1]!, unit: "x", note: "throughput ratio" });
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
