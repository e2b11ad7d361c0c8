// Loads the bench-only kernel module (assembly/bench.ts, built by
// `npm run build:wasm` into build/bench/, outside the package's files): the
// peak-throughput probes of bench/peak.ts. It has its own memory and no
// imports beyond abort; the probes work in registers only.

import { readFileSync } from "node:fs";
import type { SimdBuild } from "../src/index.js";

/** The exports of assembly/bench.ts. */
export interface BenchKernels {
  /** 12 register chains of f32x4 acc = acc m + c, separate mul and add; returns a lane sum. */
  peakMulAdd: (iterations: number, seed: number) => number;
  /** 6 chains x = x m (m = 2, 0.5 alternately) each feeding a chain a = a + x; 12 mul + 12 add per iteration. */
  peakMulAddSplit: (iterations: number, seed: number) => number;
  /** As peakMulAdd with the build's madd: f32x4.relaxed_madd (FMA) in the relaxed build, mul + add in the baseline. */
  peakMadd: (iterations: number, seed: number) => number;
  /** 12 register chains of f32x4 acc = acc + c (add only). */
  peakAdd: (iterations: number, seed: number) => number;
}

/** Where the bench module of each build is. */
export const BENCH_WASM_URLS: Record<SimdBuild, URL> = {
  baseline: new URL("../build/bench/bench.wasm", import.meta.url),
  relaxed: new URL("../build/bench/bench.relaxed.wasm", import.meta.url),
};

/** Instantiates the bench module of `simd` (the relaxed one needs an engine with relaxed SIMD). */
export async function loadBenchKernels(simd: SimdBuild = "baseline"): Promise<BenchKernels> {
  const url = BENCH_WASM_URLS[simd];
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = readFileSync(url);
  } catch {
    throw new Error(`${url.pathname} is missing: run npm run build:wasm`);
  }
  const imports = {
    env: {
      abort(_message: number, _file: number, line: number, column: number): never {
        throw new Error(`bench wasm abort at ${line}:${column}`);
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  return instance.exports as unknown as BenchKernels;
}
