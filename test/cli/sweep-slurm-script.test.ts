// sweep slurm without submitting: what array.sbatch asks for (runs anywhere,
// no Slurm needed); the real cluster is test/peers/sweep-slurm.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trainingMemoryBytes } from "../../src/rbm/memory-estimate.js";
import { rbmDefaults } from "../../src/rbm/training-options.js";
import { arrayRanges } from "../../src/node/sweep/slurm-executor.js";
import { cli, tempDir, TINY_SPEC, writeSpec } from "../support/sweep.js";

describe("sweep slurm scripts", () => {
  it("compresses task indices into --array ranges", () => {
    expect(arrayRanges([0, 1, 2, 3])).toBe("0-3");
    expect(arrayRanges([0, 2, 3, 4, 7, 9, 10])).toBe("0,2-4,7,9-10");
    expect(arrayRanges([5])).toBe("5");
  });

  it("asks for the tasks not done, the estimated memory, the given time, and passes partition and extra lines", () => {
    const root = tempDir("slurm-script");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "run-task", dir, "1"]).status).toBe(0);
    const run = cli(["sweep", "slurm", dir, "--time-per-task", "0:30:00", "--partition", "short", "--max-parallel", "3",
      "--cpus-per-task", "2", "--sbatch-arg=--account=phys", "--sbatch-arg=--qos=low"]);
    expect(run.status, run.stderr).toBe(0);
    const script = readFileSync(join(dir, "slurm", "array.sbatch"), "utf8");
    const directives = script.split("\n").filter((line) => line.startsWith("#SBATCH")).map((line) => line.slice("#SBATCH ".length));
    const layers = [64, 16].map((nHidden) => ({ ...rbmDefaults(), nHidden, epochs: 2 }));
    const memMiB = Math.ceil((trainingMemoryBytes(400, 256, layers) * 1.5) / 2 ** 20) + 384;
    expect(directives).toEqual([
      "--job-name=blockspin-tiny", "--partition=short", "--account=phys", "--qos=low",
      "--array=0,2-3%3", "--cpus-per-task=2", `--mem=${memMiB}M`, "--time=0:30:00",
      `--output=${join(dir, "slurm", "logs", "task-%a.log")}`, "--open-mode=append", "--requeue",
    ]);
    expect(script).toMatch(/sweep' 'run-task' '.*\/s' "\$SLURM_ARRAY_TASK_ID" --threads "\$\{SLURM_CPUS_PER_TASK:-2\}"\n$/);
    expect(readFileSync(join(dir, "slurm", "sample.sbatch"), "utf8")).toMatch(/'sweep' 'sample' '.*\/s' '--threads'/);
  });

  it("measures --time when not given, and refuses a malformed one or --wait without --submit", () => {
    const root = tempDir("slurm-script");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "slurm", dir]).status).toBe(0);
    const estimate = JSON.parse(readFileSync(join(dir, "slurm", "estimate.json"), "utf8")) as { taskMinutes: number; epochSeconds: { seconds: number[] }[] };
    expect(estimate.epochSeconds).toHaveLength(1); // every task has the same shape
    expect(estimate.epochSeconds[0]!.seconds).toHaveLength(2);
    expect(readFileSync(join(dir, "slurm", "array.sbatch"), "utf8")).toContain(`#SBATCH --time=${estimate.taskMinutes}\n`);
    for (const args of [["--time-per-task", "soon"], ["--wait"]]) {
      const bad = cli(["sweep", "slurm", dir, ...args]);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("sizes a dimer sweep by its encoded visible units: memory of the largest encoding, one epoch measured per encoding", () => {
    const root = tempDir("slurm-script-dimer");
    const dir = join(root, "s");
    const spec = {
      name: "dimer", sample: { model: "dimer", size: 8, count: 400, seed: 3, interaction: [0, -1] },
      train: { layers: "32,8", epochs: 2, encoding: ["bonds", "kjr"] }, seeds: [1],
    };
    expect(cli(["sweep", "plan", writeSpec(root, spec), "--out", dir]).status).toBe(0);
    const run = cli(["sweep", "slurm", dir]);
    expect(run.status, run.stderr).toBe(0);
    const layers = [32, 8].map((nHidden) => ({ ...rbmDefaults(), nHidden, epochs: 2 }));
    // kjr: the 2L x 2L image, 256 units; bonds: 2 L^2 = 128
    const memMiB = Math.ceil((trainingMemoryBytes(400, 256, layers) * 1.5) / 2 ** 20) + 384;
    expect(readFileSync(join(dir, "slurm", "array.sbatch"), "utf8")).toContain(`#SBATCH --mem=${memMiB}M\n`);
    const estimate = JSON.parse(readFileSync(join(dir, "slurm", "estimate.json"), "utf8")) as { epochSeconds: { shape: string }[] };
    expect(estimate.epochSeconds.map((e) => (JSON.parse(e.shape) as number[])[0]).sort()).toEqual([128, 256]);
  });
});
