// Memory and time of the steps a newcomer runs, each in its own process of
// the built CLI (npm run build) so every figure is that command's own peak
// RSS (getrusage's maxrss, all threads): sampling the paper's data set (20,000
// x 40 x 40 at K = 0.408), the "Is it renormalization?" measures on it (the
// majority-rule levels, the analysis `reproduce` runs per arm), and
// `reproduce --quick`, against the targets RSS_TARGET_MIB and
// QUICK_TARGET_SECONDS below. A JavaScript array of 32 million spins (what
// Int8Array.from(bytes, mapFn) builds in V8) once took the RG step far past
// the memory target; this suite is there to catch such a regression.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "./timing.js";

const CLI = new URL("../dist/node/cli.js", import.meta.url).pathname;
/** Prints the process's peak RSS (KiB) on stderr as it exits, whatever exit path the CLI takes. */
const REPORT_PEAK_RSS =
  'data:text/javascript,import { writeSync } from "node:fs"; ' +
  'process.on("exit", () => writeSync(2, `\\nmaxRSS ${process.resourceUsage().maxRSS}\\n`));';
const RSS_TARGET_MIB = 400;
const QUICK_TARGET_SECONDS = 15;

/** Runs the CLI; its wall time in seconds and peak RSS in MiB. */
function measure(args: string[]): { seconds: number; peakMiB: number } {
  const start = performance.now();
  const run = spawnSync(process.execPath, ["--import", REPORT_PEAK_RSS, CLI, ...args], { encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`blockspin ${args.join(" ")}: ${run.stderr.trim().split("\n").at(-1)}`);
  const kib = Number(/maxRSS (\d+)/.exec(run.stderr)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`blockspin ${args.join(" ")} did not report its peak RSS`);
  return { seconds, peakMiB: kib / 1024 };
}

export function benchMemory(): BenchRow[] {
  const root = mkdtempSync(join(tmpdir(), "blockspin-bench-memory-"));
  try {
    const data = join(root, "ising.npy");
    const sample = measure(["sample", "--out", data, "--quiet"]);
    const rg = measure(["rg", "--data", data, "--out", join(root, "rg")]);
    const quick = measure(["reproduce", "--quick", "--out", join(root, "quick")]);
    const peakNote = (peakMiB: number) => `peak RSS ${peakMiB.toFixed(0)} MiB (target < ${RSS_TARGET_MIB} MiB)`;
    return [
      { name: "blockspin sample: 20,000 x 40x40 at K = 0.408 (reproduce's data)", value: sample.seconds, unit: "s", note: peakNote(sample.peakMiB) },
      { name: "blockspin rg on those samples (majority rule, 3 levels: reproduce's RG step)", value: rg.seconds, unit: "s", note: peakNote(rg.peakMiB) },
      {
        name: "blockspin reproduce --quick", value: quick.seconds, unit: "s",
        note: `target < ${QUICK_TARGET_SECONDS} s; ${peakNote(quick.peakMiB)}`,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
