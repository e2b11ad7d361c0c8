// Checkpoints and exact resume (docs/cli.md, "Checkpoints and resume"): a real `blockspin train`
// child process is interrupted (SIGINT) or killed (SIGKILL) mid-training and
// resumed with --resume; its parameter files must equal, byte for byte, those
// of an uninterrupted run with the same seed and flags.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binaryLayerData } from "../../src/rbm/layer-data.js";
import { trainStack, trainStackAsync, type StackCheckpoint } from "../../src/rbm/stack.js";
import { presetDefaults } from "../../src/rbm/training-options.js";
import { encodeNpy } from "../../src/npy-format.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";
import { blockspin, CLI } from "../support/cli.js";

function spinValues(count: number, sites: number, seed = 5): Int8Array {
  const random = mulberry32(seed);
  return Int8Array.from({ length: count * sites }, () => (random() < 0.5 ? -1 : 1));
}

/** 400 random 8x8 spin configurations. */
function spinsFile(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), "blockspin-checkpoint-"));
  const data = join(dir, "spins.npy");
  writeFileSync(data, encodeNpy({ dtype: "int8", shape: [400, 8, 8], data: spinValues(400, 64) }));
  return { dir, data };
}

// Layer 2 is long enough (about 0.5 s) that the interrupt lands mid-run.
const TRAINING = ["--layers", "32,8", "--epochs", "12,150", "--batch", "20", "--seed", "3", "--quiet"];

// Layer 1 long enough that a SIGINT sent at its first checkpoint lands inside it.
const LONG_LAYER1 = ["--layers", "32,8", "--epochs", "40,40", "--batch", "20", "--seed", "3", "--quiet"];

interface CheckpointState {
  layers: unknown[];
  current: { layer: number; epoch: number } | null;
}

function stateOf(out: string): CheckpointState | undefined {
  try {
    return JSON.parse(readFileSync(join(out, "checkpoint", "state.json"), "utf8")) as CheckpointState;
  } catch {
    return undefined; // not written yet
  }
}

/** Starts training, waits until `ready(state)` holds for a checkpoint, sends `signal`; resolves to the exit. */
async function interrupt(args: string[], out: string, signal: NodeJS.Signals, ready: (state: NonNullable<ReturnType<typeof stateOf>>) => boolean) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, sig) => resolve({ code, signal: sig }));
  });
  let finished = false;
  void exited.then(() => { finished = true; });
  for (;;) {
    const state = stateOf(out);
    if (state && ready(state)) break;
    if (finished) throw new Error(`training ended before the checkpoint to interrupt at: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill(signal);
  const exit = await exited;
  await new Promise((resolve) => setImmediate(resolve));
  return { ...exit, stderr };
}

function expectSameModel(reference: string, resumed: string): void {
  const arrays = readdirSync(reference).filter((name) => name.endsWith(".npy")).sort();
  expect(arrays).toEqual(["layer1.W.npy", "layer1.hbias.npy", "layer1.vbias.npy", "layer2.W.npy", "layer2.hbias.npy", "layer2.vbias.npy"]);
  for (const name of arrays) {
    expect(Buffer.compare(readFileSync(join(reference, name)), readFileSync(join(resumed, name))), name).toBe(0);
  }
  const epochs = (dir: string) => readFileSync(join(dir, "metrics.jsonl"), "utf8").trim().split("\n")
    .map((line) => JSON.parse(line) as { layer: number; epoch: number; pseudoLikelihood: number }).map((m) => [m.layer, m.epoch, m.pseudoLikelihood]);
  expect(epochs(resumed)).toEqual(epochs(reference));
  expect(existsSync(join(resumed, "model.json"))).toBe(true);
  expect(existsSync(join(resumed, "checkpoint"))).toBe(false); // removed once the bundle is written
}

describe("blockspin train checkpoints", () => {
  it("SIGINT finishes the epoch, checkpoints, exits 130; --resume gives byte-identical parameters (PCD)", async () => {
    const { dir, data } = spinsFile();
    const reference = join(dir, "reference");
    const full = blockspin("train", "--data", data, ...LONG_LAYER1, "--pcd", "--out", reference);
    expect(full.stderr).toBe("");
    expect(full.code).toBe(0);

    const out = join(dir, "interrupted");
    const run = await interrupt(["train", "--data", data, ...LONG_LAYER1, "--pcd", "--checkpoint-every", "2", "--out", out], out, "SIGINT", () => true);
    expect(run.code).toBe(130);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^interrupted at layer \\d epoch \\d+; resume with blockspin train --resume ${out}$`));
    expect(existsSync(join(out, "model.json"))).toBe(false);
    const state = stateOf(out)!;
    expect(state.current).not.toBeNull(); // stopped inside a layer: the momentum, chain and RNG states were needed

    const resumed = blockspin("train", "--resume", out, "--quiet", "--threads", "1");
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expectSameModel(reference, out);
  });

  it("SIGKILL in layer 2 loses only the epochs since the last periodic checkpoint; --resume is byte-identical", async () => {
    const { dir, data } = spinsFile();
    const reference = join(dir, "reference");
    expect(blockspin("train", "--data", data, ...TRAINING, "--out", reference).code).toBe(0);

    const out = join(dir, "killed");
    const run = await interrupt(
      ["train", "--data", data, ...TRAINING, "--checkpoint-every", "1", "--out", out], out, "SIGKILL",
      (state) => state.layers.length === 1 && (state.current?.epoch ?? 0) >= 3,
    );
    expect(run.signal).toBe("SIGKILL");
    expect(existsSync(join(out, "model.json"))).toBe(false);

    const resumed = blockspin("train", "--resume", out);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/wrote .*model\.json/);
    expectSameModel(reference, out);
  });

  it("--resume refuses training flags, a missing checkpoint and changed data, in one line each", async () => {
    const { dir, data } = spinsFile();
    const out = join(dir, "stopped");
    const run = await interrupt(["train", "--data", data, ...TRAINING, "--checkpoint-every", "1", "--out", out], out, "SIGTERM", () => true);
    expect(run.code).toBe(143);

    const extra = blockspin("train", "--resume", out, "--epochs", "3", "--lr", "0.2");
    expect(extra.code).toBe(2);
    expect(extra.stderr.trim().split("\n")).toHaveLength(1);
    expect(extra.stderr).toMatch(/--resume takes every training flag from the checkpoint; drop --epochs, --lr/);

    const missing = blockspin("train", "--resume", join(dir, "nothing"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no checkpoint/);

    const noData = blockspin("train", "--out", join(dir, "x"));
    expect(noData.code).toBe(2);
    expect(noData.stderr).toMatch(/--data is required/);

    writeFileSync(data, encodeNpy({ dtype: "int8", shape: [400, 8, 8], data: spinValues(400, 64, 6) }));
    const changed = blockspin("train", "--resume", out);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/not the data the checkpoint was trained on/);
  });
});

describe("trainStackAsync", () => {
  it("stopped at any epoch and resumed from its checkpoint equals trainStack", async () => {
    const core = await testCore();
    const data = binaryLayerData(spinValues(120, 16, 8), [120, 16]);
    const base = presetDefaults("rbm.m");
    const layers = [
      { ...base, nHidden: 8, epochs: 7, batchSize: 10, persistent: true, cdSteps: 2 },
      { ...base, nHidden: 4, epochs: 4, batchSize: 10 },
    ];
    const options = { layers, seed: 11, validationFraction: 0.2, threads: 1, monitorSamples: 50 };
    const expected = trainStack(core, data, options);
    for (const stopAfter of [1, 3, 7, 8, 9, 11]) {
      let seen = 0;
      const first = await trainStackAsync(core, data, {
        ...options,
        between: () => Promise.resolve(++seen === stopAfter ? "stop" : undefined),
      });
      const checkpoint: StackCheckpoint = first.stopped!;
      expect(checkpoint).toBeDefined();
      const rest = await trainStackAsync(core, data, { ...options, resume: structuredClone(checkpoint) });
      expect(rest.stopped).toBeUndefined();
      expect(rest.layers).toEqual(expected.layers);
      expect(rest.metrics.map((m) => [m.layer, m.epoch, m.pseudoLikelihood])).toEqual(expected.metrics.map((m) => [m.layer, m.epoch, m.pseudoLikelihood]));
    }
  });
});
