// blockspin sweep on one machine: spec validation, the plan (cross product,
// determinism, shared sample sets), run-task (idempotent), the local pool and
// collect, checked against the tasks' own analysis files.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cli, cliAsync, comparableBytes, taskFiles, tempDir, TINY_SPEC, waitUntil, writeSpec } from "../support/sweep.js";

interface PlanFile {
  specHash: string;
  axes: { key: string; values: unknown[] }[];
  sampleSets: { id: string; settings: Record<string, unknown> }[];
  tasks: { index: number; id: string; hash: string; axes: Record<string, unknown>; seed: number; sampleSet: string;
    sample: Record<string, unknown>; train: Record<string, unknown> }[];
}

const readPlanFile = (dir: string): PlanFile => JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as PlanFile;
/** The 8 bytes every PNG file starts with (PNG spec, section 5.2). */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EXAMPLES = new URL("../../examples/sweeps/", import.meta.url).pathname;

function expectUsageError(run: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe("sweep specs", () => {
  const root = tempDir("sweep-spec");
  const plan = (spec: unknown, out = join(root, `p${Math.random().toString(36).slice(2)}`)) => cli(["sweep", "plan", writeSpec(root, spec), "--out", out]);

  it.each([
    ["an unknown key", { ...TINY_SPEC, train: { ...TINY_SPEC.train, penalti: "l1" } }, /train\.penalti: unknown key/],
    ["an unknown top-level key", { ...TINY_SPEC, seed: [1] }, /seed: unknown key/],
    ["an empty axis", { ...TINY_SPEC, train: { ...TINY_SPEC.train, penaltyStrength: [] } }, /train\.penaltyStrength: an axis needs at least one value/],
    ["a wrong type", { ...TINY_SPEC, sample: { ...TINY_SPEC.sample, size: true } }, /sample\.size: /],
    ["a value the flag rejects", { ...TINY_SPEC, train: { ...TINY_SPEC.train, penalty: ["l1", "l3"] } }, /train\.penalty\[1\]: "l3": expected one of none, l1, l2/],
    ["a bad list-flag string", { ...TINY_SPEC, train: { ...TINY_SPEC.train, layers: "64,x" } }, /train\.layers: "64,x": expected an integer >= 1/],
    ["seeds not a list", { ...TINY_SPEC, seeds: 1 }, /seeds: expected a JSON list/],
    ["no seeds", { ...TINY_SPEC, seeds: [] }, /seeds: give at least one seed/],
    ["no name", { ...TINY_SPEC, name: undefined }, /name: Required/],
    ["coupling and temperature", { ...TINY_SPEC, sample: { ...TINY_SPEC.sample, coupling: 0.4, temperature: 2.5 } }, /sample: give coupling or temperature/],
    ["per-layer epochs of the wrong length", { ...TINY_SPEC, train: { ...TINY_SPEC.train, epochs: "2,2,2" } }, /task 0 .*--epochs: give one value or 2/],
  ])("exits 2 naming the field for %s", (_what, spec, pattern) => {
    expectUsageError(plan(spec), pattern);
  });

  it("exits 2 on text that is not JSON", () => {
    expectUsageError(plan("{ not json"), /spec\.json: not valid JSON/);
  });
});

describe("sweep plan", () => {
  it("is the cross product with seeds innermost, one shared sample set, and the example as the issue describes it", () => {
    const out = join(tempDir("sweep-plan"), "l1");
    const run = cli(["sweep", "plan", join(EXAMPLES, "l1-strength.json"), "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    const plan = readPlanFile(out);
    const strengths = [0, 3e-5, 1e-4, 2e-4, 5e-4, 1e-3];
    const expected = ["l1", "l2"].flatMap((penalty) => strengths.flatMap((penaltyStrength) =>
      [1, 2, 3].map((seed) => ({ penalty, penaltyStrength, seed }))));
    expect(plan.tasks.map((t) => t.axes)).toEqual(expected);
    expect(plan.tasks.map((t) => t.index)).toEqual(expected.map((_, i) => i));
    expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(36);
    expect(new Set(plan.tasks.map((t) => t.hash)).size).toBe(36);
    expect(plan.sampleSets).toHaveLength(1);
    expect(plan.sampleSets[0]!.settings).toMatchObject({ size: 40, coupling: 0.408, count: 20000 });
    for (const task of plan.tasks) {
      expect(task.sampleSet).toBe(plan.sampleSets[0]!.id);
      expect(task.train).toMatchObject({ layers: [400, 100, 25], epochs: [50], penalty: [task.axes["penalty"]], penaltyStrength: task.axes["penaltyStrength"], seed: task.seed, preset: "rbm.m" });
    }
  });

  it("ships the epochs example: l1 and l2 at 2e-4 x epochs {25, 50, 100, 200} x seeds {1, 2, 3}", () => {
    const out = join(tempDir("sweep-plan"), "epochs");
    expect(cli(["sweep", "plan", join(EXAMPLES, "epochs.json"), "--out", out]).status).toBe(0);
    const plan = readPlanFile(out);
    expect(plan.axes).toEqual([{ key: "epochs", values: [25, 50, 100, 200] }, { key: "penalty", values: ["l1", "l2"] }, { key: "seed", values: [1, 2, 3] }]);
    expect(plan.tasks).toHaveLength(24);
    expect(plan.tasks.every((t) => t.train["penaltyStrength"] === 2e-4)).toBe(true);
  });

  it("shares a sample set between the tasks whose sampling agrees, and only those", () => {
    const root = tempDir("sweep-plan");
    const spec = { ...TINY_SPEC, sample: { ...TINY_SPEC.sample, temperature: [2.0, 2.5] } };
    expect(cli(["sweep", "plan", writeSpec(root, spec), "--out", join(root, "s")]).status).toBe(0);
    const plan = readPlanFile(join(root, "s"));
    expect(plan.tasks).toHaveLength(8);
    expect(plan.sampleSets).toHaveLength(2);
    for (const task of plan.tasks) {
      const set = plan.sampleSets.find((s) => s.id === task.sampleSet)!;
      expect(set.settings["coupling"]).toBeCloseTo(1 / (task.axes["sample.temperature"] as number), 15);
    }
  });

  it("is deterministic, ignores key order, and refuses a different spec in the same directory with one line", () => {
    const root = tempDir("sweep-plan");
    const reordered = { seeds: TINY_SPEC.seeds, train: { penalty: ["l1", "l2"], epochs: 2, layers: "64,16" }, sample: { seed: 3, count: 400, size: 16 }, name: "tiny" };
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC, "a.json"), "--out", join(root, "a")]).status).toBe(0);
    expect(cli(["sweep", "plan", writeSpec(root, reordered, "b.json"), "--out", join(root, "b")]).status).toBe(0);
    const a = readFileSync(join(root, "a", "plan.json"));
    expect(a.equals(readFileSync(join(root, "b", "plan.json")))).toBe(true);

    const again = cli(["sweep", "plan", join(root, "a.json"), "--out", join(root, "a")]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/unchanged/);
    expect(readFileSync(join(root, "a", "plan.json")).equals(a)).toBe(true);

    const changed = writeSpec(root, { ...TINY_SPEC, seeds: [1, 2, 3] }, "c.json");
    expectUsageError(cli(["sweep", "plan", changed, "--out", join(root, "a")]), /plan\.json was planned from a different spec/);
    expect(readFileSync(join(root, "a", "plan.json")).equals(a)).toBe(true);
  });
});

describe("sweep run-task, run, status and collect", () => {
  it("runs a task once, skips it after, and rejects an index outside the plan", () => {
    const root = tempDir("sweep-task");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    const first = cli(["sweep", "run-task", dir, "2"]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/task 2 \(penalty-l2_seed-1\): done/);
    const result = join(dir, "tasks", "penalty-l2_seed-1", "result.json");
    const before = statSync(result).mtimeMs;
    const second = cli(["sweep", "run-task", dir, "2"]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/already done/);
    expect(statSync(result).mtimeMs).toBe(before);
    expectUsageError(cli(["sweep", "run-task", dir, "4"]), /INDEX: expected 0 to 3, got 4/);

    const status = cli(["sweep", "status", dir]);
    expect(status.stdout).toMatch(/4 tasks: 1 done, 0 running, 0 failed, 3 pending/);
    expect(status.stdout).toMatch(/pending 0 penalty-l1_seed-1/);
  });

  it("runs the plan on a pool, and collect's rows, means and missing tasks match the tasks' own analysis files", async () => {
    const root = tempDir("sweep-pool");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    // three of four tasks: the fourth must be listed as missing, not averaged over
    for (const index of ["0", "1", "2"]) expect(cli(["sweep", "run-task", dir, index]).status).toBe(0);
    const partial = cli(["sweep", "collect", dir]);
    expect(partial.status, partial.stderr).toBe(0);
    expect(partial.stdout).toMatch(/1 missing or failed: 3/);
    const partialJson = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as { missing: { index: number; state: string }[] };
    expect(partialJson.missing).toEqual([expect.objectContaining({ index: 3, state: "pending" })]);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toMatch(/Missing and failed tasks[\s\S]*penalty-l2_seed-2/);

    const pool = cli(["sweep", "run", dir, "--jobs", "2"]);
    expect(pool.status, pool.stderr).toBe(0);
    expect(pool.stdout).toMatch(/4\/4 tasks done/);
    expect(cli(["sweep", "collect", dir]).status).toBe(0);

    const [header, ...lines] = readFileSync(join(dir, "sweep.csv"), "utf8").trim().split("\n");
    const columns = header!.split(",");
    expect(columns.slice(0, 7)).toEqual(["index", "id", "status", "penalty", "seed", "layer", "units"]);
    expect(columns).toEqual(expect.arrayContaining(["localizedFraction", "xi2Ratio", "tilingError", "nu"]));
    expect(lines).toHaveLength(8); // 4 tasks x 2 layers
    const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i]!, v])));
    for (const row of rows) {
      const analysis = JSON.parse(readFileSync(join(dir, "tasks", row["id"]!, "analysis", "analysis.json"), "utf8")) as
        { layers: { layer: number; spread: { median: number }; blockFraction: { median: number }; overlap: number }[] };
      const layer = analysis.layers.find((l) => l.layer === Number(row["layer"]))!;
      expect(Number(row["spreadMedian"])).toBe(layer.spread.median);
      expect(Number(row["blockFractionMedian"])).toBe(layer.blockFraction.median);
      expect(Number(row["overlap"])).toBe(layer.overlap);
      expect(Number(row["localizedFraction"])).toBe((layer as unknown as { localizedFraction: number }).localizedFraction);
      // the RG columns are the task's rg.json at that level; nu only where MCRG is meaningful
      const rg = JSON.parse(readFileSync(join(dir, "tasks", row["id"]!, "analysis", "rg.json"), "utf8")) as
        { levels: { level: number; xi2Ratio: number; tilingError: number; nu: number | null; mcrgMeaningful: boolean }[] };
      const level = rg.levels.find((l) => l.level === Number(row["layer"]))!;
      expect(Number(row["xi2Ratio"])).toBe(level.xi2Ratio);
      expect(Number(row["tilingError"])).toBe(level.tilingError);
      expect(row["nu"]).toBe(level.mcrgMeaningful && level.nu !== null ? String(level.nu) : "");
    }
    // mean ± sd over seeds, recomputed from the CSV
    const sweep = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as
      { summaries: { axes: { penalty: string }; layer: number; seeds: number; spread: { mean: number; sd: number } }[]; missing: unknown[] };
    expect(sweep.missing).toEqual([]);
    expect(sweep.summaries).toHaveLength(4);
    for (const summary of sweep.summaries) {
      const spreads = rows.filter((r) => r["penalty"] === summary.axes.penalty && Number(r["layer"]) === summary.layer).map((r) => Number(r["spreadMedian"]));
      const mean = (spreads[0]! + spreads[1]!) / 2;
      expect(summary.seeds).toBe(2);
      expect(summary.spread.mean).toBeCloseTo(mean, 12);
      expect(summary.spread.sd).toBeCloseTo(Math.abs(spreads[0]! - spreads[1]!) / Math.SQRT2, 12);
    }
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/Which settings give localized fields/);
    expect(html).not.toMatch(/Missing and failed tasks/);

    // the report's charts as PNG beside it, named on collect's output line
    const collected = cli(["sweep", "collect", dir]);
    for (const name of ["spread.png", "xi2-ratio.png"]) {
      const path = join(dir, name);
      expect(collected.stdout).toContain(path);
      const png = readFileSync(path);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const meta = await sharp(png).metadata();
      expect(meta.format).toBe("png");
      expect(meta.width).toBeGreaterThan(100);
      expect(meta.height).toBeGreaterThan(100);
    }
  });

  it("collects a sweep with no finished task into a report without charts, and writes no PNG", () => {
    const root = tempDir("sweep-empty");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    const collected = cli(["sweep", "collect", dir]);
    expect(collected.status, collected.stderr).toBe(0);
    expect(collected.stdout).toMatch(/4 missing or failed/);
    expect(collected.stdout).not.toMatch(/\.png/);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toMatch(/nothing to chart/);
    expect(readdirSync(dir).filter((name) => name.endsWith(".png"))).toEqual([]);
  });

  it("gives the same task outputs from the pool as from one run-task at a time", () => {
    const root = tempDir("sweep-same");
    const spec = writeSpec(root, TINY_SPEC);
    for (const name of ["pool", "serial"]) expect(cli(["sweep", "plan", spec, "--out", join(root, name)]).status).toBe(0);
    const pooled = cli(["sweep", "run", join(root, "pool"), "--jobs", "2"]);
    expect(pooled.status, pooled.stderr + pooled.stdout).toBe(0);
    for (const index of ["3", "2", "1", "0"]) expect(cli(["sweep", "run-task", join(root, "serial"), index, "--threads", "2"]).status).toBe(0);
    const files = taskFiles(join(root, "pool"));
    expect(files).toEqual(taskFiles(join(root, "serial")));
    expect(files.length).toBeGreaterThan(4 * 10);
    for (const file of files) {
      expect(comparableBytes(join(root, "pool", "tasks", file)), file).toEqual(comparableBytes(join(root, "serial", "tasks", file)));
    }
  });

  it("resumes a task interrupted mid-training from its checkpoint to the bytes of an uninterrupted run", async () => {
    const root = tempDir("sweep-resume");
    const spec = writeSpec(root, { name: "resume", sample: { size: 16, count: 2000, seed: 3 }, train: { layers: "64,16", epochs: "20,400" }, seeds: [1] });
    for (const name of ["stopped", "straight"]) expect(cli(["sweep", "plan", spec, "--out", join(root, name)]).status).toBe(0);
    const dir = join(root, "stopped");
    const taskDir = join(dir, "tasks", "seed-1");
    const running = cliAsync(["sweep", "run-task", dir, "0"]);
    await waitUntil(() => existsSync(join(taskDir, "model", "checkpoint", "state.json")), 240_000, "the layer-1 checkpoint");
    process.kill(running.pid, "SIGTERM");
    const stopped = await running.done;
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/task 0 \(seed-1\) interrupted at layer 2 epoch \d+; resume with blockspin sweep run-task .* 0/);
    expect(existsSync(join(taskDir, "result.json"))).toBe(false);
    expect(existsSync(join(taskDir, "failed.json"))).toBe(false);
    expect(cli(["sweep", "status", dir]).stdout).toMatch(/pending 0 seed-1: checkpoint/);

    const resumed = cli(["sweep", "run-task", dir, "0"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(cli(["sweep", "run-task", join(root, "straight"), "0"]).status).toBe(0);
    const files = taskFiles(dir);
    expect(files).toEqual(taskFiles(join(root, "straight")));
    for (const file of files) expect(comparableBytes(join(dir, "tasks", file)), file).toEqual(comparableBytes(join(root, "straight", "tasks", file)));
  });

  it("records a failed task, which status and collect list as failed", () => {
    const root = tempDir("sweep-failed");
    const dir = join(root, "s");
    expect(cli(["sweep", "plan", writeSpec(root, TINY_SPEC), "--out", dir]).status).toBe(0);
    expect(cli(["sweep", "sample", dir, "--quiet"]).status).toBe(0);
    expect(cli(["sweep", "run-task", dir, "0"]).status).toBe(0);
    const plan = readPlanFile(dir);
    writeFileSync(join(dir, "samples", plan.sampleSets[0]!.id, "ising.npy"), "not an npy file");
    const failed = cli(["sweep", "run-task", dir, "1"]);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/sample set: /);
    expect(cli(["sweep", "status", dir]).stdout).toMatch(/1 done, 0 running, 1 failed, 2 pending[\s\S]*failed 1 penalty-l1_seed-2: sample set: /);
    expect(cli(["sweep", "collect", dir]).status).toBe(0);
    const sweep = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as { rows: { index: number }[]; missing: { index: number; state: string }[] };
    expect(new Set(sweep.rows.map((r) => r.index))).toEqual(new Set([0]));
    expect(sweep.missing.map((m) => [m.index, m.state])).toEqual([[1, "failed"], [2, "pending"], [3, "pending"]]);
  });
});
