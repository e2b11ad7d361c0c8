// The native dimer sampler (bench/peers/dimer-loop.c): compiled with gcc -O3
// into a temporary directory, run, and its JSON line and per-sample records
// read back. Shared by the benchmark (bench/dimer.ts) and the peer test
// (test/peers/dimer-peer.test.ts).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = new URL("../../bench/peers/dimer-loop.c", import.meta.url).pathname;

/** gcc's flags for the peer: optimised as a C programmer would ship it. */
export const DIMER_PEER_FLAGS = ["-O3", "-std=c11"];

/** The compiled peer, or why there is none. */
export type DimerPeerBuild = { binary: string; compiler: string } | { reason: string };

/** Compiles bench/peers/dimer-loop.c with gcc DIMER_PEER_FLAGS; the binary lives in a fresh temporary directory. */
export function compileDimerPeer(): DimerPeerBuild {
  const version = spawnSync("gcc", ["--version"], { encoding: "utf8" });
  if (version.status !== 0) return { reason: "gcc not found" };
  const dir = mkdtempSync(join(tmpdir(), "blockspin-dimer-peer-"));
  const binary = join(dir, "dimer-loop");
  const build = spawnSync("gcc", [...DIMER_PEER_FLAGS, "-o", binary, SOURCE, "-lm"], { encoding: "utf8" });
  if (build.status !== 0) return { reason: `gcc failed: ${build.stderr.trim().split("\n")[0] ?? ""}` };
  return { binary, compiler: version.stdout.split("\n")[0]?.trim() ?? "gcc" };
}

/** What the peer is asked to do (its command line). */
export interface DimerPeerRun {
  /** Lattice side L (even). */
  size: number;
  /** Plaquette interaction V. */
  interaction: number;
  /** Temperature T > 0. */
  temperature: number;
  /** Worms between stored samples. */
  wormsPerSample: number;
  /** Samples stored. */
  samples: number;
  /** Worms run before the first sample (not timed). */
  burnInWorms: number;
  /** Seed of its xoshiro256** stream. */
  seed: number;
}

/** The peer's report, and with `records`, six int32 per sample: N_par, W_x, W_y, C_x, C_y, horizontal dimers. */
export interface DimerPeerResult {
  samples: number;
  /** Seconds of the recording loop (burn-in excluded), by the peer's own monotonic clock. */
  seconds: number;
  /** Pivot moves during the recording loop. */
  moves: number;
  /** Stored samples that are not coverings. */
  defects: number;
  records?: Int32Array;
}

/** Runs the compiled peer; throws when it fails. */
export function runDimerPeer(binary: string, run: DimerPeerRun, withRecords: boolean): DimerPeerResult {
  const dir = withRecords ? mkdtempSync(join(tmpdir(), "blockspin-dimer-records-")) : undefined;
  try {
    const args = [run.size, run.interaction, run.temperature, run.wormsPerSample, run.samples, run.burnInWorms, run.seed].map(String);
    if (dir) args.push(join(dir, "records.bin"));
    const out = spawnSync(binary, args, { encoding: "utf8", maxBuffer: 1 << 20 });
    if (out.status !== 0) throw new Error(`dimer-loop exited ${out.status}: ${out.stderr.trim()}`);
    const result = JSON.parse(out.stdout) as DimerPeerResult;
    if (dir) {
      const bytes = readFileSync(join(dir, "records.bin"));
      result.records = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
    }
    return result;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
