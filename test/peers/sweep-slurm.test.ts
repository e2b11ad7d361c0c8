// blockspin sweep on a real Slurm: a single-node cluster started as
// slurm-local.md describes (test/support/slurm.ts). The job array gives the
// same task bytes and the same sweep.csv as the local pool, and a task
// cancelled mid-training resumes from its checkpoint to the same bytes; a
// sweep of flow experiments, and one of dimer samples over V and the
// encoding, give the pool's bytes and sweep.csv too.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSlurm } from "../support/slurm.js";
import { cli, comparableBytes, taskFiles, tempDir, TINY_SPEC, waitUntil, writeSpec } from "../support/sweep.js";

const cluster = await startSlurm();
if (!cluster.available) console.warn(`skipping the Slurm tests: ${cluster.reason}`);
afterAll(() => { if (cluster.available) cluster.stop(); });

function expectSameTaskBytes(a: string, b: string): void {
  const files = taskFiles(a);
  expect(files).toEqual(taskFiles(b));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    expect(comparableBytes(join(a, "tasks", file)), file).toEqual(comparableBytes(join(b, "tasks", file)));
  }
}

/** Plans the spec into root/slurm and root/pool, runs the first as a job array (2 at a time) and the second on the pool. */
function runOnSlurmAndPool(root: string, spec: string, tasks: number): void {
  for (const name of ["slurm", "pool"]) expect(cli(["sweep", "plan", spec, "--out", join(root, name)]).status).toBe(0);
  const slurm = cli(["sweep", "slurm", join(root, "slurm"), "--submit", "--wait", "--max-parallel", "2"]);
  expect(slurm.status, slurm.stderr).toBe(0);
  expect(slurm.stdout).toMatch(new RegExp(`all ${tasks} tasks done`));
  expect(cli(["sweep", "run", join(root, "pool"), "--jobs", "2"]).status).toBe(0);
}

function inQueue(jobId: string): boolean {
  const run = spawnSync("squeue", ["-h", "-j", jobId, "-o", "%i"], { encoding: "utf8" });
  return run.status === 0 && run.stdout.trim() !== "";
}

describe.skipIf(!cluster.available)("sweep slurm on a real single-node Slurm", () => {
  it("runs the tiny sweep as a job array with the pool's task bytes and the same sweep.csv", () => {
    const root = tempDir("slurm");
    const spec = writeSpec(root, TINY_SPEC);
    for (const name of ["slurm", "pool"]) expect(cli(["sweep", "plan", spec, "--out", join(root, name)]).status).toBe(0);

    const slurm = cli(["sweep", "slurm", join(root, "slurm"), "--submit", "--wait", "--max-parallel", "2"]);
    expect(slurm.status, slurm.stderr).toBe(0);
    expect(slurm.stdout).toMatch(/all 4 tasks done/);
    const script = readFileSync(join(root, "slurm", "slurm", "array.sbatch"), "utf8");
    expect(script).toMatch(/^#SBATCH --array=0-3%2$/m);
    expect(script).toMatch(/^#SBATCH --cpus-per-task=1$/m);
    expect(script).toMatch(/^#SBATCH --mem=\d+M$/m);
    expect(script).toMatch(/^#SBATCH --time=\d+$/m);
    expect(script).toMatch(/^#SBATCH --requeue$/m);
    expect(script).toMatch(/^#SBATCH --output=.*task-%a\.log$/m);
    const jobs = JSON.parse(readFileSync(join(root, "slurm", "slurm", "jobs.json"), "utf8")) as { sample: string; array: string };
    expect(jobs.sample).toMatch(/^\d+$/);
    expect(readFileSync(join(root, "slurm", "slurm", "logs", "task-3.log"), "utf8")).toMatch(/task 3 \(penalty-l2_seed-2\): done/);

    expect(cli(["sweep", "run", join(root, "pool"), "--jobs", "2"]).status).toBe(0);
    expectSameTaskBytes(join(root, "slurm"), join(root, "pool"));
    for (const name of ["slurm", "pool"]) expect(cli(["sweep", "collect", join(root, name)]).status).toBe(0);
    expect(readFileSync(join(root, "slurm", "sweep.csv")).equals(readFileSync(join(root, "pool", "sweep.csv")))).toBe(true);
  });

  it("resumes a task cancelled with scancel mid-training to the same bytes as an uninterrupted run", async () => {
    const root = tempDir("slurm-cancel");
    // layer 1 ends (and checkpoints) early; layer 2 is long enough to be cancelled in
    const spec = writeSpec(root, { name: "cancel", sample: { size: 16, count: 2000, seed: 3 }, train: { layers: "64,16", epochs: "20,400" }, seeds: [1] });
    for (const name of ["cancelled", "straight"]) expect(cli(["sweep", "plan", spec, "--out", join(root, name)]).status).toBe(0);
    const dir = join(root, "cancelled");
    const taskDir = join(dir, "tasks", "seed-1");

    const submitted = cli(["sweep", "slurm", dir, "--submit"]);
    expect(submitted.status, submitted.stderr).toBe(0);
    const jobs = JSON.parse(readFileSync(join(dir, "slurm", "jobs.json"), "utf8")) as { sample: string; array: string };
    await waitUntil(() => existsSync(join(taskDir, "model", "checkpoint", "state.json")), 300_000, "the layer-1 checkpoint");
    expect(spawnSync("scancel", [jobs.array]).status).toBe(0);
    await waitUntil(() => !inQueue(jobs.array), 120_000, "the cancelled job to leave the queue");
    expect(existsSync(join(taskDir, "result.json"))).toBe(false);
    const state = JSON.parse(readFileSync(join(taskDir, "model", "checkpoint", "state.json"), "utf8")) as { current: { layer: number; epoch: number } | null };
    expect(state.current?.layer).toBe(2);
    expect(readFileSync(join(dir, "slurm", "logs", "task-0.log"), "utf8")).toMatch(/interrupted at layer 2 epoch \d+/);
    expect(cli(["sweep", "status", dir]).stdout).toMatch(/pending 0 seed-1: checkpoint/);

    const resubmitted = cli(["sweep", "slurm", dir, "--submit", "--wait"]);
    expect(resubmitted.status, resubmitted.stderr).toBe(0);
    expect(existsSync(join(taskDir, "model", "checkpoint"))).toBe(false);

    expect(cli(["sweep", "run-task", join(root, "straight"), "0"]).status).toBe(0);
    expectSameTaskBytes(dir, join(root, "straight"));
  });

  it("runs a flow sweep as a job array with the pool's trained RBMs, flows and sweep.csv", () => {
    const root = tempDir("slurm-flow");
    const spec = writeSpec(root, {
      name: "slurm-flow",
      kind: "flow",
      flow: {
        size: 4, temperatures: "0.5,2,3,6", perTemperature: 60, epochs: 3, batch: 12, steps: 3, starts: "random,ordered",
        momentum: ["rbm.m", "none"], negative: ["probabilities", "samples"],
      },
      seeds: [1],
    });
    runOnSlurmAndPool(root, spec, 4);

    // The trained RBMs and the flows' numbers; flow.json and the reports also carry wall times.
    const arrays = taskFiles(join(root, "slurm")).filter((file) => file.endsWith(".npy"));
    expect(arrays.length).toBe(4 * 3);
    expect(arrays).toEqual(taskFiles(join(root, "pool")).filter((file) => file.endsWith(".npy")));
    for (const file of arrays) {
      expect(readFileSync(join(root, "slurm", "tasks", file)).equals(readFileSync(join(root, "pool", "tasks", file))), file).toBe(true);
    }
    for (const name of ["slurm", "pool"]) expect(cli(["sweep", "collect", join(root, name)]).status).toBe(0);
    expect(readFileSync(join(root, "slurm", "sweep.csv"), "utf8")).toBe(readFileSync(join(root, "pool", "sweep.csv"), "utf8"));
  });

  it("runs a dimer sweep over V and the encoding as a job array with the pool's sample sets, task bytes and sweep.csv", () => {
    const root = tempDir("slurm-dimer");
    const spec = writeSpec(root, {
      name: "slurm-dimer",
      sample: { model: "dimer", size: 8, count: 300, seed: 2, interaction: [0, -1] },
      train: { layers: "32,8", epochs: "2,2", encoding: ["bonds", "kjr"] },
      seeds: [1],
    });
    runOnSlurmAndPool(root, spec, 4);
    expectSameTaskBytes(join(root, "slurm"), join(root, "pool"));
    for (const name of ["slurm", "pool"]) expect(cli(["sweep", "collect", join(root, name)]).status).toBe(0);
    const csv = readFileSync(join(root, "slurm", "sweep.csv"), "utf8");
    expect(csv).toBe(readFileSync(join(root, "pool", "sweep.csv"), "utf8"));
    expect(csv.trim().split("\n").length).toBeGreaterThan(4);
  });

  it("--wait reports a failed task by index with the last line of its log", () => {
    const root = tempDir("slurm-fail");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "sample", dir, "--quiet"]).status).toBe(0);
    // a lock held on another host: task 1 refuses to start (exit 2), the others run
    const lockDir = join(dir, "tasks", "penalty-l1_seed-2");
    spawnSync("mkdir", ["-p", lockDir]);
    spawnSync("sh", ["-c", `echo '{"pid":1,"host":"elsewhere","command":"blockspin sweep run-task 1","since":"x"}' > ${lockDir}/.blockspin.lock`]);
    const run = cli(["sweep", "slurm", dir, "--submit", "--wait"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/task 1 \(penalty-l1_seed-2\) failed: blockspin: .* is being written by blockspin sweep run-task 1 \(pid 1 on elsewhere/);
    expect(run.stderr).toMatch(/1 of 4 tasks failed/);
  });
});
