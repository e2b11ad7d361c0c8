// A sweep of flow experiments ("kind": "flow"): the spec's flow keys are
// `blockspin flow`'s flags, the plan crosses them with the seeds, each task
// is the flow the command would run, and collect tabulates the fixed points.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir, writeSpec } from "../support/sweep.js";

const EXAMPLES = new URL("../../examples/sweeps/", import.meta.url).pathname;

/** A tiny flow sweep: L = 4, 4 temperatures, 3 epochs; momentum x negative phase x 2 seeds = 8 tasks. */
const TINY_FLOW = {
  name: "tiny-flow",
  kind: "flow",
  flow: {
    size: 4, temperatures: "0.5,2,3,6", perTemperature: 60, epochs: 3, batch: 12, steps: 3, starts: "random,ordered",
    momentum: ["rbm.m", "none"], negative: ["probabilities", "samples"],
  },
  seeds: [1, 2],
};

interface FlowPlanFile {
  kind: string;
  axes: { key: string; values: unknown[] }[];
  sampleSets: unknown[];
  tasks: { index: number; id: string; kind: string; axes: Record<string, unknown>; seed: number; flow: Record<string, unknown> }[];
}

function expectUsageError(run: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe("flow sweep specs", () => {
  const root = tempDir("sweep-flow-spec");
  const plan = (spec: unknown) => cli(["sweep", "plan", writeSpec(root, spec), "--out", join(root, `p${Math.random().toString(36).slice(2)}`)]);

  it.each([
    ["an unknown flow key", { ...TINY_FLOW, flow: { ...TINY_FLOW.flow, momentun: "none" } }, /flow\.momentun: unknown key/],
    ["a per-invocation key", { ...TINY_FLOW, flow: { ...TINY_FLOW.flow, out: "x" } }, /flow\.out: unknown key/],
    ["train keys in a flow spec", { ...TINY_FLOW, train: { epochs: 2 } }, /train: unknown key/],
    ["a value the flag rejects", { ...TINY_FLOW, flow: { ...TINY_FLOW.flow, momentum: ["rbm.m", 1.5] } }, /flow\.momentum\[1\]: 1\.5: expected rbm\.m, none or a number in \[0, 1\)/],
    ["a check the command makes", { ...TINY_FLOW, flow: { ...TINY_FLOW.flow, batch: 1000 } }, /task 0 .*--batch 1000 is larger than the training set/],
  ])("exits 2 naming the field for %s", (_what, spec, pattern) => {
    expectUsageError(plan(spec), pattern);
  });
});

describe("a flow sweep", () => {
  it("plans the cross product, runs each task as `blockspin flow` would on the local pool, and collects the fixed points", () => {
    const root = tempDir("sweep-flow");
    const dir = join(root, "sweep");
    const planned = cli(["sweep", "plan", writeSpec(root, TINY_FLOW), "--out", dir]);
    expect(planned.status, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as FlowPlanFile;
    expect(plan.kind).toBe("flow");
    expect(plan.axes).toEqual([
      { key: "momentum", values: ["rbm.m", "none"] }, { key: "negative", values: ["probabilities", "samples"] }, { key: "seed", values: [1, 2] },
    ]);
    expect(plan.sampleSets).toEqual([]);
    expect(plan.tasks).toHaveLength(8);
    expect(plan.tasks[3]).toMatchObject({ kind: "flow", axes: { momentum: "rbm.m", negative: "samples", seed: 2 }, seed: 2 });
    // Defaults filled in from the flow schema; the preset's rules stay unset until the task resolves them.
    expect(plan.tasks[3]!.flow).toMatchObject({ size: 4, preset: "iso", momentum: "rbm.m", negative: "samples", seed: 2, mode: "samples", trainTemperatures: "all" });

    const run = cli(["sweep", "run", dir, "--jobs", "2", "--quiet"]);
    expect(run.status, run.stderr).toBe(0);
    // One sample cache per seed, shared by that seed's four tasks.
    expect(readdirSync(join(dir, "samples"))).toHaveLength(2);
    const task = plan.tasks[3]!;
    const flowJson = JSON.parse(readFileSync(join(dir, "tasks", task.id, "flow", "flow.json"), "utf8")) as { settings: Record<string, unknown> };
    expect(flowJson.settings).toMatchObject({ momentum: "rbm.m", negative: "samples", seed: 2, epochs: 3, batchSize: 12 });

    // The task's RBM is the one `blockspin flow` trains with the same flags.
    const direct = join(root, "direct");
    const alone = cli(["flow", "--size", "4", "--temperatures", "0.5,2,3,6", "--per-temperature", "60", "--epochs", "3", "--batch", "12",
      "--steps", "3", "--starts", "random,ordered", "--negative", "samples", "--seed", "2", "--out", direct, "--quiet"]);
    expect(alone.status, alone.stderr).toBe(0);
    expect(readFileSync(join(dir, "tasks", task.id, "flow", "rbm-all.W.npy")).equals(readFileSync(join(direct, "rbm-all.W.npy")))).toBe(true);

    const collected = cli(["sweep", "collect", dir]);
    expect(collected.status, collected.stderr).toBe(0);
    expect(collected.stdout).toContain("(8 tasks)");
    const csv = readFileSync(join(dir, "sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("index,id,momentum,negative,seed,trainingSet,start,startTemperature,meanTemperature,spread,finalTemperature,finalError");
    expect(csv).toHaveLength(1 + 8 * 2);
    const sweep = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")) as {
      summaries: { axes: Record<string, unknown>; trainingSet: string; start: string; seeds: number; fixedPoint: { mean: number | string } }[];
    };
    expect(sweep.summaries).toHaveLength(4 * 2);
    expect(sweep.summaries.every((s) => s.seeds === 2 && s.trainingSet === "all")).toBe(true);
    expect(sweep.summaries.map((s) => s.start)).toEqual(["random", "ordered", "random", "ordered", "random", "ordered", "random", "ordered"]);
    const report = readFileSync(join(dir, "report.html"), "utf8");
    expect(report).toContain("Fixed points per start");
    expect(report).toContain("T after 3 steps");
    expect(existsSync(join(dir, "flow-temperature.png"))).toBe(true);

    // Run again: every task is done, nothing reruns.
    const again = cli(["sweep", "run", dir, "--jobs", "2"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("8/8 tasks done");
  });

  it("ships the flow-conditions example: momentum x negative phase x training set x 3 seeds at L = 10", () => {
    const dir = join(tempDir("sweep-flow-example"), "plan");
    const planned = cli(["sweep", "plan", join(EXAMPLES, "flow-conditions.json"), "--out", dir]);
    expect(planned.status, planned.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as FlowPlanFile;
    expect(plan.axes.map((a) => a.key)).toEqual(["trainTemperatures", "momentum", "negative", "seed"]);
    expect(plan.tasks).toHaveLength(2 * 2 * 2 * 3);
    expect(plan.tasks.every((t) => t.flow["size"] === 10)).toBe(true);
  });
});
