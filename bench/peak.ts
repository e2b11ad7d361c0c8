// WebAssembly SIMD peak of this machine, one thread, and each weight
// kernel's throughput as a fraction of it.
//
// Peak: assembly/peak.ts (in the bench-only module, bench/bench-wasm.ts)
// runs 12 independent f32x4 chains in registers (no memory traffic):
// acc = acc * m + c as f32x4.mul + f32x4.add (both builds),
// as f32x4.relaxed_madd (relaxed build: one FMA instruction), and acc + c
// alone; and mul and add on separate chains (x = x m feeding a = a + x, as
// in a GEMM, where the product does not wait for the accumulator). The
// mul + add peak is the larger of the two mul + add probes. A mul + add or
// an FMA counts as 2 flops per lane, an add as 1.
//
// Where a dense kernel runs faster than the mul + add probes (they chain
// every operation, and on CPUs with more adders than the chains can feed they
// are latency-bound), that kernel's rate is the mul + add peak the fractions
// use, and a row says so.
//
// Kernels: one call at batch 100 on the 1600 x 400 weight matrix (the
// paper's layer 1), one thread, straight on the module exports. The dense
// kernels do 2 x 100 x 1600 x 400 = 128 Mflop per call (the sigmoid of the
// propagation kernels is in the time but not in the count). The binary
// kernels only add: 400 adds per visible unit that is on, counted on the
// batch used (Ising samples at K = 0.408, about half the units on), and
// 1600 per hidden unit on for the down pass from sampled hidden states. Each
// build's kernels are compared with that build's multiply-add peak (FMA in
// the relaxed build); the binary ones also with the add-only peak.

import { setFlagsFromString } from "node:v8";
import { binaryLayerData, loadCore, relaxedSimdSupported, sampleIsing, type Core } from "../src/index.js";
import { loadBenchKernels, type BenchKernels } from "./bench-wasm.js";
import { timeBest, type BenchRow } from "./timing.js";

const BATCH = 100;
const N_VISIBLE = 1600;
const N_HIDDEN = 400;
const CHAINS = 12;
const LANES = 4;

/** Seconds a timed peak call should take. */
const PEAK_SECONDS = 0.2;
/** Kernel calls per timed repeat. */
const KERNEL_CALLS = 20;

type PeakProbe = keyof BenchKernels;

/** GFLOP/s of one probe: warmed up (V8 tiers wasm up from Liftoff to TurboFan on later calls), best of 5. */
export function peakGflops(probes: BenchKernels, probe: PeakProbe): number {
  const run = probes[probe];
  const flopsPerIteration = CHAINS * LANES * (probe === "peakAdd" ? 1 : 2);
  for (let w = 0; w < 5; w++) run(200_000, 1);
  const start = performance.now();
  run(2_000_000, 1);
  const perIteration = (performance.now() - start) / 1000 / 2_000_000;
  const iterations = Math.max(1_000_000, Math.min(2 ** 30, Math.round(PEAK_SECONDS / perIteration)));
  let sink = 0;
  const seconds = timeBest(() => { sink += run(iterations, 1); });
  if (!Number.isFinite(sink)) throw new Error(`${probe} overflowed`);
  return (flopsPerIteration * iterations) / seconds / 1e9;
}

interface Peaks {
  /** The build's multiply-add peak: mul + add (baseline) or relaxed_madd (relaxed). */
  madd: number;
  add: number;
}

/** The paper's data for the binary kernels: 100 Ising samples at K = 0.408 as 0/1 bytes. */
function isingBatch(core: Core): Uint8Array {
  const sample = sampleIsing(core, { size: 40, coupling: 0.408, count: BATCH, seed: 1, algorithm: "wolff" });
  return binaryLayerData(sample.configs, [BATCH, 40, 40]).values as Uint8Array;
}

/** Deterministic values in [0, 1) (an LCG; the kernels' speed does not depend on them). */
function uniform(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  for (let k = 0; k < count; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[k] = s / 2 ** 32;
  }
  return out;
}

function kernelRows(core: Core, label: string, peaks: Peaks, bits: Uint8Array): BenchRow[] {
  const { kernels: k, arena } = core;
  return arena.scoped(() => {
    const vis = arena.alloc(BATCH * N_VISIBLE);
    const visF = arena.alloc(4 * BATCH * N_VISIBLE);
    const hid = arena.alloc(4 * BATCH * N_HIDDEN);
    const W = arena.alloc(4 * N_VISIBLE * N_HIDDEN);
    const gradW = arena.alloc(4 * N_VISIBLE * N_HIDDEN);
    const visT = arena.alloc(4 * N_VISIBLE * BATCH);
    const hbias = arena.alloc(4 * N_HIDDEN);
    const vbias = arena.alloc(4 * N_VISIBLE);
    const outHid = arena.alloc(4 * BATCH * N_HIDDEN);
    const outVis = arena.alloc(4 * BATCH * N_VISIBLE);
    const hidBin = arena.alloc(4 * BATCH * N_HIDDEN);
    const masks = arena.alloc(8 * N_VISIBLE * Math.ceil(BATCH / 64));
    const WT = arena.alloc(4 * N_VISIBLE * N_HIDDEN);
    arena.u8(vis, BATCH * N_VISIBLE).set(bits);
    arena.f32(visF, BATCH * N_VISIBLE).set(uniform(BATCH * N_VISIBLE, 1));
    arena.f32(hid, BATCH * N_HIDDEN).set(uniform(BATCH * N_HIDDEN, 2));
    arena.f32(W, N_VISIBLE * N_HIDDEN).set(uniform(N_VISIBLE * N_HIDDEN, 3).map((u) => 0.02 * (u - 0.5)));
    // Sampled hidden states at 50% (a fresh layer; the paper's trained L1 layer has ~16% on, which is faster).
    const hiddenStates = uniform(BATCH * N_HIDDEN, 4).map((u) => (u < 0.5 ? 1 : 0));
    arena.f32(hidBin, BATCH * N_HIDDEN).set(hiddenStates);
    k.rbmTransposeRows(W, N_VISIBLE, N_HIDDEN, WT, 0, N_VISIBLE);
    let hiddenOn = 0;
    for (const h of hiddenStates) hiddenOn += h;

    let on = 0;
    for (const b of bits) on += b !== 0 ? 1 : 0;
    const denseFlops = 2 * BATCH * N_VISIBLE * N_HIDDEN;
    const binaryAdds = on * N_HIDDEN;
    const scale = 1 / BATCH;
    const cases: { name: string; flops: number; binary: boolean; call: () => void; work?: string }[] = [
      { name: "rbmHiddenFromDense", flops: denseFlops, binary: false,
        call: () => k.rbmHiddenFromDense(visF, BATCH, N_VISIBLE, W, hbias, N_HIDDEN, outHid) },
      { name: "rbmHiddenFromDenseT", flops: denseFlops, binary: false,
        call: () => k.rbmHiddenFromDenseT(visF, BATCH, N_VISIBLE, WT, hbias, N_HIDDEN, 0, N_HIDDEN, outHid) },
      { name: "rbmVisibleFromDense", flops: denseFlops, binary: false,
        call: () => k.rbmVisibleFromDense(hid, BATCH, N_HIDDEN, W, vbias, N_VISIBLE, outVis) },
      { name: "rbmGradDense", flops: denseFlops, binary: false,
        call: () => k.rbmGradDense(gradW, visF, hid, BATCH, N_VISIBLE, N_HIDDEN, scale, visT) },
      { name: "rbmHiddenFromBin", flops: binaryAdds, binary: true,
        call: () => k.rbmHiddenFromBin(vis, BATCH, N_VISIBLE, W, hbias, N_HIDDEN, outHid) },
      { name: "rbmGradBin", flops: binaryAdds, binary: true,
        call: () => k.rbmGradBin(gradW, vis, hid, BATCH, N_VISIBLE, N_HIDDEN, 1, masks) },
      { name: "rbmVisibleFromBinHidden", flops: hiddenOn * N_VISIBLE, binary: true,
        work: `${((hiddenOn * N_VISIBLE) / 1e6).toFixed(1)}M adds/call (${hiddenOn} of ${BATCH * N_HIDDEN} hidden units on)`,
        call: () => k.rbmVisibleFromBinHidden(hidBin, BATCH, N_HIDDEN, WT, vbias, N_VISIBLE, outVis) },
    ];
    const timed = cases.map((c) => {
      for (let w = 0; w < 10; w++) c.call();
      const seconds = timeBest(() => { for (let n = 0; n < KERNEL_CALLS; n++) c.call(); }) / KERNEL_CALLS;
      return { ...c, seconds, gflops: c.flops / seconds / 1e9 };
    });
    // The register-chain probes are latency-bound on some CPUs (every operation
    // waits on the one before): where a dense kernel beats them, that kernel's
    // rate is the best mul + add throughput seen, and the fractions use it.
    const bestDense = timed.filter((c) => !c.binary).reduce((best, c) => (c.gflops > best.gflops ? c : best));
    const madd = Math.max(peaks.madd, bestDense.gflops);
    const peakName = label === "relaxed" ? "FMA peak" : "mul+add peak";
    const reference: BenchRow[] = madd > peaks.madd ? [{
      name: `${peakName} used below, ${label} build, 1 thread`, value: madd, unit: "GFLOP/s",
      note: `${bestDense.name}'s rate: above the register probe's ${peaks.madd.toFixed(1)}, which is latency-bound on this CPU`,
    }] : [];
    return [...reference, ...timed.map(({ name, flops, binary, seconds, gflops, work: workNote }) => {
      const percent = (x: number) => `${((100 * gflops) / x).toFixed(0)}%`;
      const work = workNote ?? (binary ? `${(flops / 1e6).toFixed(1)}M adds/call (${on} of ${BATCH * N_VISIBLE} units on)` : "128 Mflop/call");
      const note = binary
        ? `= ${percent(peaks.add)} of add-only peak, ${percent(madd)} of ${peakName}; ${work}, ${(seconds * 1e3).toFixed(2)} ms`
        : `= ${percent(madd)} of ${peakName}; ${work}, ${(seconds * 1e3).toFixed(2)} ms`;
      return { name: `${name}, ${label} build, batch 100, 1600x400, 1 thread`, value: gflops, unit: "GFLOP/s", note };
    })];
  });
}

export async function benchPeak(): Promise<BenchRow[]> {
  // Node 20 ships relaxed SIMD behind a flag; V8 flags may be set before the first compile that needs them.
  if (!relaxedSimdSupported()) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const base = await loadCore({ simd: "baseline" });
  const relaxed = relaxedSimdSupported() ? await loadCore({ simd: "relaxed" }) : undefined;
  const baseProbes = await loadBenchKernels("baseline");
  const relaxedProbes = relaxed ? await loadBenchKernels("relaxed") : undefined;
  const rows: BenchRow[] = [];

  const chained = peakGflops(baseProbes, "peakMulAdd");
  const split = peakGflops(baseProbes, "peakMulAddSplit");
  const baseMulAdd = Math.max(chained, split);
  const baseAdd = peakGflops(baseProbes, "peakAdd");
  const basePeaks: Peaks = { madd: baseMulAdd, add: baseAdd };
  const used = (x: number) => (x === baseMulAdd ? "; the mul+add peak below" : "");
  rows.push({
    name: "WASM SIMD peak, f32x4.mul + f32x4.add, 1 thread", value: chained, unit: "GFLOP/s",
    note: `${CHAINS} register chains acc = acc*m + c, 2 flops/lane; baseline build${used(chained)}`,
  });
  rows.push({
    name: "WASM SIMD peak, f32x4.mul, f32x4.add on separate chains, 1 thread", value: split, unit: "GFLOP/s",
    note: `6 chains x = x*m each feeding a chain a = a + x, 12 mul + 12 add per iteration${used(split)}`,
  });
  rows.push({
    name: "WASM SIMD peak, f32x4.add only, 1 thread", value: baseAdd, unit: "GFLOP/s",
    note: `${CHAINS} register chains acc = acc + c, 1 flop/lane; the ceiling for the binary (add-only) kernels`,
  });
  let relaxedPeaks: Peaks | undefined;
  if (relaxedProbes) {
    const fma = peakGflops(relaxedProbes, "peakMadd");
    relaxedPeaks = { madd: fma, add: peakGflops(relaxedProbes, "peakAdd") };
    rows.push({
      name: "WASM SIMD peak, f32x4.relaxed_madd (FMA), 1 thread", value: fma, unit: "GFLOP/s",
      note: `${CHAINS} register chains acc = relaxed_madd(acc, m, c), 2 flops/lane; relaxed build; ${(fma / baseMulAdd).toFixed(2)}x the mul+add peak`,
    });
  } else {
    rows.push({ name: "WASM SIMD peak, f32x4.relaxed_madd (FMA)", value: NaN, unit: "GFLOP/s", note: "relaxed SIMD unavailable in this engine" });
  }

  const bits = isingBatch(base);
  rows.push(...kernelRows(base, "baseline", basePeaks, bits));
  if (relaxed && relaxedPeaks) rows.push(...kernelRows(relaxed, "relaxed", relaxedPeaks, bits));
  return rows;
}
