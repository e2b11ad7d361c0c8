// Logs that work in batch: with stdout piped (as in a Slurm or CI log),
// train, reproduce, flow and sweep run-task print plain progress lines at most every
// --log-interval seconds, with the layer-epoch, the monitored numbers and an
// ETA; --quiet prints none.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir, writeSpec } from "../support/sweep.js";

const PROGRESS_LINE = /^\[(\d\d):(\d\d):(\d\d)\] (.*) \| \d+%( \| ETA .*)?$/;

const progressLines = (stdout: string) => stdout.split("\n").filter((line) => PROGRESS_LINE.test(line));

describe("progress lines when stdout is not a terminal", () => {
  const root = tempDir("batch-logs");
  const data = join(root, "ising.npy");
  const sampled = cli(["sample", "--size", "16", "--count", "1000", "--out", data, "--quiet"]);

  it("train prints one line per layer-epoch with --log-interval 0, in order, with PL and ETA", () => {
    expect(sampled.status).toBe(0);
    const run = cli(["train", "--data", data, "--layers", "64,16", "--epochs", "3", "--log-interval", "0", "--out", join(root, "m0")]);
    expect(run.status, run.stderr).toBe(0);
    const lines = progressLines(run.stdout);
    const epochs = lines.map((line) => /layer (\d) epoch (\d)\/3/.exec(line)!.slice(1, 3).map(Number));
    expect(epochs).toEqual([[1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3]]);
    for (const line of lines.slice(1)) expect(line).toMatch(/PL -?\d+\.\d\d \| \d+% \| ETA \d/);
    // the percentage weighs each layer's rows by nVisible x nHidden: layer 2's first line (after its first
    // mini-batch of 100 of the 900 training rows) is past all of the 256x64 layer 1, not half the batches
    const [layer1, layer2, rows] = [256 * 64, 64 * 16, 900];
    const percent = Math.round((100 * (3 * rows * layer1 + 100 * layer2)) / (3 * rows * (layer1 + layer2)));
    expect(lines[3]).toMatch(new RegExp(`layer 2 epoch 1/3 .*\\| ${percent}% \\|`));
    expect(run.stdout).toMatch(/wrote .*model\.json/);
  });

  it("train prints no progress line within the interval, and none with --quiet", () => {
    const long = cli(["train", "--data", data, "--layers", "64,16", "--epochs", "3", "--log-interval", "3600", "--out", join(root, "m1")]);
    expect(long.status).toBe(0);
    expect(progressLines(long.stdout)).toEqual([]);
    const quiet = cli(["train", "--data", data, "--layers", "64,16", "--epochs", "3", "--log-interval", "0", "--quiet", "--out", join(root, "m2")]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe("");
  });

  it("sweep run-task spaces its lines by at least the interval", () => {
    const dir = join(root, "sweep");
    // Long enough (several seconds) that lines 1 s apart appear on a fast machine too: at 40 epochs the training
    // ended within the first second.
    const spec = writeSpec(root, { name: "logs", sample: { size: 16, count: 2000, seed: 3 }, train: { layers: "64,16", epochs: 100 }, seeds: [1] });
    expect(cli(["sweep", "plan", spec, "--out", dir]).status).toBe(0);
    const run = cli(["sweep", "run-task", dir, "0", "--log-interval", "1"]);
    expect(run.status, run.stderr).toBe(0);
    const lines = progressLines(run.stdout);
    expect(lines.length).toBeGreaterThan(0);
    const seconds = lines.map((line) => { const [, h, m, s] = PROGRESS_LINE.exec(line)!; return Number(h) * 3600 + Number(m) * 60 + Number(s); });
    for (let i = 1; i < seconds.length; i++) expect((seconds[i]! - seconds[i - 1]! + 86400) % 86400).toBeGreaterThanOrEqual(1);
    expect(cli(["sweep", "plan", spec, "--out", join(root, "sweep-quiet")]).status).toBe(0);
    const quiet = cli(["sweep", "run-task", join(root, "sweep-quiet"), "0", "--log-interval", "0", "--quiet"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe("");
  });

  it("flow prints its training epochs with PL, and nothing with --quiet", () => {
    const args = ["flow", "--size", "4", "--temperatures", "1,3", "--per-temperature", "100", "--epochs", "3", "--batch", "20", "--steps", "3", "--log-interval", "0"];
    const run = cli([...args, "--out", join(root, "flow")]);
    expect(run.status, run.stderr).toBe(0);
    const epochs = progressLines(run.stdout).filter((line) => / epoch /.test(line))
      .map((line) => Number(/training \(all\) epoch (\d)\/3 PL -?\d+\.\d\d/.exec(line)![1]));
    expect(epochs).toEqual([1, 2, 3]);
    const quiet = cli([...args, "--quiet", "--out", join(root, "flow-quiet")]);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe("");
  });

  it("reproduce prints arm, seed, layer-epoch and PL", () => {
    const run = cli(["reproduce", "--quick", "--arms", "l1", "--epochs", "2", "--samples", "200", "--log-interval", "0", "--out", join(root, "r")]);
    expect(run.status, run.stderr).toBe(0);
    const lines = progressLines(run.stdout).filter((line) => / epoch /.test(line));
    expect(lines.map((line) => /l1 seed 1 layer (\d) epoch (\d)\/2/.exec(line)!.slice(1, 3).map(Number)))
      .toEqual([[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2]]);
    expect(lines[1]).toMatch(/PL -?\d/);
  });
});
