// RBM training benchmark: one CD-1 epoch of 20,000 x 1600 -> 400, batch
// 100 (the paper's layer 1 with rbm.m rules), on 1 thread and on all
// threads, against scikit-learn's BernoulliRBM (float32 input, so float32
// arithmetic) at batch 100 and at its default batch 10, on the same data in
// the same run. The data are Ising samples at the paper's K = 0.408. Then
// --preset sklearn (scikit-learn's own algorithm) against scikit-learn at
// batch 10 and 100, in interleaved rounds.
//
// scikit-learn runs under $BLOCKSPIN_PYTHON when that is set (and then only
// there), else under /usr/bin/python3 (Debian's python3-sklearn) or the
// first python3 on PATH, with OPENBLAS_CORETYPE removed from its environment
// so OpenBLAS picks its kernels for this CPU; its rows say "not installed"
// when that python cannot import numpy and sklearn.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import {
  binaryLayerData, encodeNpy, loadCore, rbmDefaults, relaxedSimdSupported, sampleIsing, sklearnPreset, trainLayer, type Core,
} from "../src/index.js";
import { loadBenchKernels, type BenchKernels } from "./bench-wasm.js";
import { peakGflops } from "./peak.js";
import { presetProfileRows, type TrainedPresetState } from "./preset-profile.js";
import { stopThreads } from "../src/threads/pool.js";
import { mulberry32 } from "../test/support/random.js";
import { referenceCdStep, referenceRbm } from "./rbm-reference.js";
import type { BenchRow } from "./timing.js";

const SAMPLES = 20_000;
const SIZE = 40;
const HIDDEN = 400;

const SKLEARN_SCRIPT = `
import sys, time
import numpy as np
from sklearn.neural_network import BernoulliRBM
X = np.load(sys.argv[1]).reshape(${SAMPLES}, -1).astype(np.float32)
for batch, repeats in (map(int, arg.split(":")) for arg in sys.argv[2:]):
    best = float("inf")
    for r in range(repeats):
        rbm = BernoulliRBM(n_components=${HIDDEN}, learning_rate=0.1, batch_size=batch, n_iter=1, random_state=r)
        start = time.perf_counter()
        rbm.fit(X)
        best = min(best, time.perf_counter() - start)
    assert rbm.components_.dtype == np.float32
    print(batch, best)
`;

/** The python to run scikit-learn with, or the message for its rows. */
export function findSklearnPython(): { python: string } | { missing: string } {
  const chosen = process.env["BLOCKSPIN_PYTHON"];
  const candidates = chosen ? [chosen] : ["/usr/bin/python3", "python3"];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import numpy, sklearn"], { encoding: "utf8" });
    if (probe.status === 0) return { python: candidate };
  }
  const where = chosen ? `BLOCKSPIN_PYTHON=${chosen}` : candidates.join(", ");
  return { missing: `not installed (no numpy + sklearn under ${where}; apt-get install python3-sklearn)` };
}

/** scikit-learn on the bench's data: its best epoch at each batch size of `runs` ([batch, repeats]), or why not. */
type SklearnEpochs = (runs: readonly (readonly [batch: number, repeats: number])[]) => Map<number, number> | string;

/**
 * Runs `body` with a SklearnEpochs over `bytes`, written once as .npy for every scikit-learn process of the bench (the
 * preset rounds start one per round), and removed after.
 */
function withSklearn<T>(bytes: Uint8Array, body: (epochs: SklearnEpochs) => T): T {
  const found = findSklearnPython();
  if ("missing" in found) return body(() => found.missing);
  const { python } = found;
  const dir = mkdtempSync(join(tmpdir(), "blockspin-bench-"));
  try {
    const path = join(dir, "data.npy");
    writeFileSync(path, encodeNpy({ dtype: "uint8", shape: [SAMPLES, SIZE * SIZE], data: bytes }));
    const env = { ...process.env };
    delete env["OPENBLAS_CORETYPE"];
    return body((runs) => {
      const run = spawnSync(python, ["-c", SKLEARN_SCRIPT, path, ...runs.map(([batch, repeats]) => `${batch}:${repeats}`)], { encoding: "utf8", env });
      if (run.status !== 0) return `failed: ${run.stderr.trim().split("\n").at(-1)}`;
      const times = new Map<number, number>();
      for (const line of run.stdout.trim().split("\n")) {
        const [batch, seconds] = line.split(" ").map(Number);
        times.set(batch!, seconds!);
      }
      return times;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REFERENCE_BATCHES = 4;

/** Batch sizes of the --preset sklearn rows: scikit-learn's default and the bench's CD-1 batch. */
const PRESET_BATCHES = [10, 100] as const;
/** Targets: the preset's epoch against scikit-learn's at the same batch size. */
const PRESET_TARGET: Record<(typeof PRESET_BATCHES)[number], number> = { 10: 0.5, 100: 0.6 };

/** Rounds of the preset comparison: each runs scikit-learn's epoch, then two of ours, at one batch size. */
const PRESET_ROUNDS = 3;

/**
 * --preset sklearn (scikit-learn's own algorithm, 400 hidden units as its rows here) for one epoch at batch 10 and
 * 100 on every thread against scikit-learn at the same batch size: PRESET_ROUNDS rounds of one scikit-learn epoch,
 * then two epochs of ours from scratch, and each side's best epoch, so that both are timed across the same minutes of
 * a shared host (single runs vary widely there); then the per-kernel profile of a step at each size.
 */
function presetRows(
  core: Core, probes: BenchKernels, train: ReturnType<typeof binaryLayerData>, threads: number, sklearn: SklearnEpochs,
): BenchRow[] {
  const rows: BenchRow[] = [];
  const trained = new Map<number, TrainedPresetState>();
  for (const batch of PRESET_BATCHES) {
    const options = { ...sklearnPreset(), nHidden: HIDDEN, epochs: 2, batchSize: batch };
    let ours = Infinity, theirs = Infinity, missing: string | undefined;
    for (let round = 0; round < PRESET_ROUNDS; round++) {
      const sk = sklearn([[batch, 1]]);
      if (typeof sk === "string") missing = sk;
      else theirs = Math.min(theirs, sk.get(batch)!);
      const result = trainLayer(core, { layer: 1, seed: 1, options, train, monitorSamples: 100, threads });
      trained.set(batch, { parameters: result.parameters, chain: result.chain! });
      ours = Math.min(ours, ...result.metrics.map((m) => m.seconds));
    }
    rows.push({
      name: `--preset sklearn epoch 20000x1600->400, batch ${batch}, ${threads} thread${threads > 1 ? "s" : ""}`, value: ours, unit: "s",
      note: missing === undefined
        ? `${(ours / theirs).toFixed(2)}x scikit-learn batch ${batch} (${theirs.toFixed(2)} s; target <= ${PRESET_TARGET[batch]}x); ` +
          `best of ${PRESET_ROUNDS} interleaved rounds each; PCD-1, sampled visibles`
        : `PCD-1, sampled visibles; scikit-learn ${missing}`,
    });
  }
  stopThreads(core);
  const addPeak = peakGflops(probes, "peakAdd");
  rows.push({ name: "WASM SIMD peak, f32x4.add only, 1 thread (for the shares below)", value: addPeak, unit: "GFLOP/s" });
  const bits = train.values as Uint8Array;
  for (const batch of PRESET_BATCHES) rows.push(...presetProfileRows(core, bits, batch, addPeak, trained.get(batch)!));
  return rows;
}

/** The plain-TypeScript CD-1 step, timed on a few batches after one warm-up and scaled to an epoch of `rows` training rows. */
function referenceEpochSeconds(data: Uint8Array, rows: number): { seconds: number; perBatch: number; batches: number } {
  const rbm = referenceRbm(SIZE * SIZE, HIDDEN, 1);
  const random = mulberry32(7);
  const batchBytes = 100 * SIZE * SIZE;
  const batch = (k: number) => data.subarray(k * batchBytes, (k + 1) * batchBytes);
  referenceCdStep(rbm, batch(0), 100, random);
  const started = performance.now();
  for (let k = 1; k <= REFERENCE_BATCHES; k++) referenceCdStep(rbm, batch(k), 100, random);
  const perBatch = (performance.now() - started) / 1000 / REFERENCE_BATCHES;
  const batches = Math.ceil(rows / 100);
  return { seconds: perBatch * batches, perBatch, batches };
}

export async function benchRbm(): Promise<BenchRow[]> {
  // Node 20 ships relaxed SIMD behind a flag; V8 flags may be set before the first compile that needs them.
  if (!relaxedSimdSupported()) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const core = await loadCore({ simd: "baseline" });
  const relaxed = relaxedSimdSupported() ? await loadCore({ simd: "relaxed" }) : undefined;
  const probes = await loadBenchKernels("baseline");
  const sample = sampleIsing(core, { size: SIZE, coupling: 0.408, count: SAMPLES, seed: 1, algorithm: "wolff" });
  const train = binaryLayerData(sample.configs, [SAMPLES, SIZE, SIZE]);
  const options = { ...rbmDefaults(), nHidden: HIDDEN, epochs: 2, batchSize: 100 };
  /** Best of two epochs (epoch seconds exclude monitoring). */
  const epochs = (on: Core, threads: number) => {
    let firstEpoch: Float32Array | undefined;
    const result = trainLayer(on, {
      layer: 1, seed: 1, options, train, monitorSamples: 100, threads,
      onEpoch: (m, parameters) => { if (m.epoch === 1) firstEpoch = parameters().weights; },
    });
    return { seconds: Math.min(...result.metrics.map((m) => m.seconds)), weights: firstEpoch! };
  };
  const all = availableParallelism();
  const threadCounts = all > 1 ? [1, all] : [1];
  const runs = new Map(threadCounts.map((t) => [t, epochs(core, t)]));
  const seconds = new Map([...runs].map(([t, r]) => [t, r.seconds]));
  stopThreads(core);
  const one = seconds.get(1)!;
  const best = seconds.get(all) ?? one;

  const rows: BenchRow[] = [];
  withSklearn(train.values as Uint8Array, (sklearn) => {
    const sk = sklearn([[100, 3], [10, 1]]);
    const sk100 = typeof sk === "string" ? undefined : sk.get(100);
    const sk10 = typeof sk === "string" ? undefined : sk.get(10);
    const versusSk = (s: number) => (sk100 ? `; ${(s / sk100).toFixed(2)}x scikit-learn batch 100 (target <= 0.5x)` : "");
    for (const [threads, s] of seconds) {
      const note = threads === 1
        ? `rbm.m rules (CD-1, L1), baseline SIMD build${versusSk(s)}`
        : `speed-up ${(one / s).toFixed(2)}x over 1 thread (target >= 1.7x on 2 cores)${versusSk(s)}`;
      rows.push({ name: `CD-1 epoch 20000x1600->400 batch 100, ${threads} thread${threads > 1 ? "s" : ""}`, value: s, unit: "s", note });
    }
    if (relaxed) {
      const relaxedRuns = new Map(threadCounts.map((t) => [t, epochs(relaxed, t)]));
      stopThreads(relaxed);
      const baseWeights = runs.get(1)!.weights;
      const relaxedWeights = relaxedRuns.get(1)!.weights;
      let maxDiff = 0;
      for (let k = 0; k < baseWeights.length; k++) maxDiff = Math.max(maxDiff, Math.abs(baseWeights[k]! - relaxedWeights[k]!));
      for (const [threads, run] of relaxedRuns) {
        rows.push({
          name: `CD-1 epoch, relaxed-SIMD build (FMA), ${threads} thread${threads > 1 ? "s" : ""}`, value: run.seconds, unit: "s",
          note: `${(seconds.get(threads)! / run.seconds).toFixed(2)}x the baseline build${versusSk(run.seconds)}` +
            (threads === 1 ? `; max |W_relaxed - W_baseline| after 1 epoch ${maxDiff.toExponential(1)}` : ""),
        });
      }
    } else {
      rows.push({ name: "CD-1 epoch, relaxed-SIMD build", value: NaN, unit: "s", note: "relaxed SIMD unavailable in this engine" });
    }
    if (typeof sk === "string") {
      rows.push({ name: "scikit-learn BernoulliRBM float32 epoch", value: NaN, unit: "s", note: sk });
    } else {
      rows.push({
        name: "scikit-learn BernoulliRBM float32 epoch, batch 100", value: sk100!, unit: "s",
        note: `PCD-1, same data; blockspin baseline on ${all} threads takes ${(best / sk100!).toFixed(2)}x its time`,
      });
      rows.push({
        name: "scikit-learn BernoulliRBM float32 epoch, batch 10", value: sk10!, unit: "s",
        note: `its default batch size; blockspin baseline batch 100 on ${all} threads takes ${(best / sk10!).toFixed(2)}x its time`,
      });
    }
    rows.push(...presetRows(core, probes, train, all, sklearn));
  });
  const reference = referenceEpochSeconds(train.values as Uint8Array, train.nSamples);
  rows.push({
    name: "plain-TypeScript CD-1 epoch (no SIMD, 1 thread)", value: reference.seconds, unit: "s",
    note: `${REFERENCE_BATCHES} batches of 100 timed (${reference.perBatch.toFixed(3)} s each), scaled to ${reference.batches}; ` +
      `blockspin 1 thread is ${(reference.seconds / one).toFixed(1)}x faster (bench/rbm-reference.ts)`,
  });
  rows.push({ name: "peak RSS of the benchmark process", value: process.resourceUsage().maxRSS / 1024, unit: "MiB" });
  return rows;
}
