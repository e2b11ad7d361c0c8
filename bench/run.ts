// `npm run bench [-- suite...]`: runs the named suites (default: all), prints
// one table of every row, writes bench/results/<suite>.json for each suite
// (bench/results-format.ts: rows, machine, commit, date, peers and their
// versions; meant to be committed) and regenerates docs/benchmarks.md from
// the files in bench/results/. A suite that throws becomes one row saying
// so, and the others still run.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findChromium } from "../test/support/chromium.js";
import { RESULTS_DIR, BENCHMARKS_MD, writeBenchmarksMd } from "./benchmarks-md.js";
import { benchDimer, dimerPeerVersion } from "./dimer.js";
import { benchIsing } from "./ising.js";
import { benchMemory } from "./memory.js";
import { benchPeak } from "./peak.js";
import { benchRbm, findSklearnPython } from "./rbm.js";
import { benchRsmi } from "./rsmi.js";
import { formatSuiteResult, suiteResult, type ResultPeer } from "./results-format.js";
import { chromiumPeer, commitInfo, machineInfo, pythonPeers, typescriptPeer } from "./run-info.js";
import { benchSweep } from "./sweep.js";
import { formatSuites, type BenchRow } from "./timing.js";

interface Suite {
  run: () => BenchRow[] | Promise<BenchRow[]>;
  /** What it measures, for docs/benchmarks.md. */
  description: string;
  /** The peers it measures against and their versions, asked for when the suite runs. */
  peers: () => ResultPeer[];
}

const suites: Record<string, Suite> = {
  ising: {
    run: benchIsing, peers: () => [typescriptPeer("plain TypeScript samplers (test/support/ising-reference.ts)")],
    description: "Ising sampling on 40 x 40 at the paper's K = 0.408 and at K_c: Metropolis and Wolff kernels against plain-TypeScript " +
      "versions of the same algorithms, and 20,000 decorrelated Wolff samples on 1 thread and on all.",
  },
  dimer: {
    run: benchDimer, peers: () => [{ name: "C directed-loop peer (bench/peers/dimer-loop.c)", version: dimerPeerVersion() }],
    description: "Dimer sampling on 32 x 32 at V = 0 and at V = -1, T = 1: blockspin's directed-loop worms against a C peer of the " +
      "same algorithm (gcc -O3), same worms per sample, after checking both give the same mean N_par; sampleDimers end to end and " +
      "the Ising Wolff sampler on the same lattice side for context.",
  },
  rbm: {
    run: benchRbm,
    peers: () => {
      const found = findSklearnPython();
      return [
        ...("python" in found ? pythonPeers(found.python) : pythonPeers(undefined, found.missing)),
        typescriptPeer("plain-TypeScript CD-1 (bench/rbm-reference.ts)"),
      ];
    },
    description: "One CD-1 epoch of 20,000 x 1600 -> 400 at batch 100 (the paper's layer 1, rbm.m's rules) on 1 thread and on all, " +
      "both SIMD builds, against scikit-learn's BernoulliRBM and a plain-TypeScript CD-1; then --preset sklearn against scikit-learn " +
      "at batch 10 and 100, and a per-kernel profile of a preset step.",
  },
  peak: {
    run: benchPeak, peers: () => [],
    description: "This machine's one-thread WebAssembly SIMD peak (register-only probes of the bench-only module) and each weight " +
      "kernel's throughput at batch 100 on 1600 x 400 as a share of it, in both builds.",
  },
  sweep: {
    run: benchSweep, peers: () => [],
    description: "A small `blockspin sweep run` as 2 jobs x 1 thread against 1 job x 2 threads, in tasks per hour.",
  },
  rsmi: {
    run: benchRsmi, peers: () => [],
    description: "One RSMI level with RSMI-NE's defaults (2 x 2 block, buffer 2, environment 4, K = 400, 2,000 steps) on 20,000 " +
      "40 x 40 Wolff samples at K_c, beside one CD-1 epoch of the RBM's layer 1 (1600 -> 400, batch 100, 1 thread) on the same samples.",
  },
  memory: {
    run: benchMemory, peers: () => [],
    description: "Wall time and peak RSS of the commands a newcomer runs, each in its own process of the built CLI: sample, rg and " +
      "reproduce --quick.",
  },
};

// bench/browser.ts (a headless-browser suite) is optional: registered only
// when the file exists and exports benchBrowser. The specifier is a variable
// so that type checking does not require the file.
const browserModule = "./browser.js";
if (existsSync(new URL("./browser.ts", import.meta.url))) {
  try {
    const mod = (await import(browserModule)) as { benchBrowser?: unknown };
    if (typeof mod.benchBrowser === "function") {
      suites["browser"] = {
        run: mod.benchBrowser as Suite["run"],
        peers: () => {
          const chromium = findChromium();
          return [chromiumPeer(chromium.path, chromium.reason), typescriptPeer("Node (the same code outside the browser)")];
        },
        description: "One CD-1 epoch of 5,000 x 1600 -> 400 in headless Chromium (a module Web Worker, cross-origin isolated) " +
          "against Node, same data and WebAssembly, on 1 and 2 threads, both SIMD builds.",
      };
    }
  } catch (error) {
    console.error(`bench: bench/browser.ts did not load (${(error as Error).message}); skipping the browser suite`);
  }
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(", ")}; choose from ${Object.keys(suites).join(", ")}`);
  process.exit(2);
}

// Taken before anything runs: the load average of a quiet machine, and the tree before the run writes its outputs.
const machine = machineInfo();
const commit = commitInfo();
const date = new Date().toISOString();
if (commit.dirty) console.error("bench: the working tree has uncommitted changes; the results will say so");
mkdirSync(RESULTS_DIR, { recursive: true });
const all: Record<string, BenchRow[]> = {};
for (const name of requested.length > 0 ? requested : Object.keys(suites)) {
  const suite = suites[name]!;
  const peers = suite.peers();
  const start = performance.now();
  let rows: BenchRow[];
  try {
    rows = await suite.run();
  } catch (error) {
    rows = [{ name: `${name} suite failed`, value: NaN, unit: "", note: (error as Error).message.split("\n")[0] }];
  }
  const seconds = (performance.now() - start) / 1000;
  all[name] = rows;
  console.error(`bench: ${name} done in ${seconds.toFixed(0)} s`);
  const result = suiteResult({ suite: name, description: suite.description, date, seconds, commit, machine, peers, rows });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), formatSuiteResult(result));
}
console.log(`\n${formatSuites(all)}`);
console.log(
  `\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}/${machine.arch}, Node ${machine.node}; ` +
  `commit ${commit.hash}${commit.dirty ? " (dirty)" : ""}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
try {
  writeBenchmarksMd();
  console.error(`bench: wrote ${BENCHMARKS_MD} from ${RESULTS_DIR}`);
} catch (error) {
  console.error(`bench: docs/benchmarks.md not regenerated: ${(error as Error).message}`);
  process.exitCode = 1;
}
