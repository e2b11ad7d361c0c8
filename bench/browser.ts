// Browser benchmark: one CD-1 epoch in headless Chromium against Node, in the
// same run, on the same data and the same WebAssembly. The problem is a
// smaller version of bench/rbm.ts's: 5,000 Ising samples (40 x 40 at the
// paper's K = 0.408, Wolff, seed 1) -> 400 hidden units, batch 100, rbm.m
// rules. Both sides train 3 epochs and keep the fastest (epoch seconds
// exclude monitoring), on 1 thread and on 2, for the baseline build and the
// relaxed-SIMD build where both engines have it; the two take turns twice
// and every row is the best over both turns (shared machines only add time).
//
// The browser side is the library entry bundled by esbuild for the browser,
// run in a module Web Worker (as the demo does) of a page served on 127.0.0.1
// with the COOP/COEP headers, so the worker is cross-origin isolated and
// startThreads() can start kernel workers on shared memory. Chromium is
// Debian's, driven by playwright-core with the flags of test/support/chromium.ts.
// Parameters are bit-identical for every thread count and engine, so each row
// also says whether Chromium's weights equal Node's.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { extname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { build } from "esbuild";
import {
  binaryLayerData, loadCore, rbmDefaults, relaxedSimdSupported, sampleIsing, stopThreads, trainLayer,
  type LayerData, type LayerTrainingOptions, type SimdBuild,
} from "../src/index.js";
import { findChromium, launchChromium } from "../test/support/chromium.js";
import type { BenchRow } from "./timing.js";

const SAMPLES = 5_000;
const SIZE = 40;
const HIDDEN = 400;
const EPOCHS = 3;
const TARGET_RATIO = 1.5;
/** Node and Chromium take turns this many times; each configuration keeps its fastest epoch over all turns. */
const ROUNDS = 2;

const ROOT = new URL("..", import.meta.url).pathname;
const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const ISOLATION_HEADERS = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

interface Measurement {
  simd: SimdBuild;
  /** Threads asked for. */
  threads: number;
  /** Threads obtained (fewer where workers are unavailable). */
  used: number;
  seconds: number;
  /** FNV-1a of the final weights' bits. */
  checksum: number;
}

interface BrowserReport {
  isolated: boolean;
  cores: number;
  relaxed: boolean;
  rows: Measurement[];
  error?: string;
}

/** Shared by both sides (the worker gets it as source text). */
function weightChecksum(weights: Float32Array): number {
  let hash = 0x811c9dc5;
  for (const word of new Uint32Array(weights.buffer, weights.byteOffset, weights.length)) hash = Math.imul(hash ^ word, 0x01000193) >>> 0;
  return hash;
}

const WORKER = (builds: SimdBuild[], threadCounts: number[], options: LayerTrainingOptions) => `
import { loadCore, relaxedSimdSupported, startThreads, stopThreads, trainLayer } from "./src/index.js";
const weightChecksum = ${weightChecksum.toString()};
try {
  const values = new Uint8Array(await (await fetch("./data.bin")).arrayBuffer());
  const train = { kind: "binary", nSamples: ${SAMPLES}, nVisible: ${SIZE * SIZE}, values };
  const options = ${JSON.stringify(options)};
  const relaxed = relaxedSimdSupported();
  const rows = [];
  for (const simd of ${JSON.stringify(builds)}) {
    if (simd === "relaxed" && !relaxed) continue;
    const core = await loadCore({ simd });
    for (const threads of ${JSON.stringify(threadCounts)}) {
      const used = threads > 1 ? await startThreads(core, threads) : 1;
      const result = trainLayer(core, { layer: 1, seed: 1, options, train, monitorSamples: 100, threads: used });
      rows.push({
        simd, threads, used, seconds: Math.min(...result.metrics.map((m) => m.seconds)),
        checksum: weightChecksum(result.parameters.weights),
      });
    }
    stopThreads(core);
  }
  postMessage({ isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency, relaxed, rows });
} catch (error) {
  postMessage({ isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency, relaxed: false, rows: [], error: String(error) });
}
`;

const PAGE = `<!doctype html><link rel="icon" href="data:,"><script type="module">
const worker = new Worker("./bench-worker.js", { type: "module" });
worker.onmessage = (event) => { window.benchReport = event.data; };
worker.onerror = (event) => { window.benchReport = { rows: [], error: event.message || "worker failed" }; };
</script>`;

function nodeMeasurements(train: LayerData, builds: SimdBuild[], threadCounts: number[], options: LayerTrainingOptions): Promise<Measurement[]> {
  return (async () => {
    const rows: Measurement[] = [];
    for (const simd of builds) {
      const core = await loadCore({ simd });
      for (const threads of threadCounts) {
        const result = trainLayer(core, { layer: 1, seed: 1, options, train, monitorSamples: 100, threads });
        rows.push({
          simd, threads, used: threads, seconds: Math.min(...result.metrics.map((m) => m.seconds)),
          checksum: weightChecksum(result.parameters.weights),
        });
      }
      stopThreads(core);
    }
    return rows;
  })();
}

async function browserMeasurements(
  chromiumPath: string, train: LayerData, builds: SimdBuild[], threadCounts: number[], options: LayerTrainingOptions,
): Promise<BrowserReport> {
  const dir = mkdtempSync(join(tmpdir(), "blockspin-bench-browser-"));
  const server = createServer((request, response) => {
    const path = new URL(request.url!, "http://localhost").pathname;
    try {
      const body = path === "/" ? PAGE : readFileSync(join(dir, path));
      const type = path === "/" ? "text/html" : CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type, ...ISOLATION_HEADERS }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  try {
    mkdirSync(join(dir, "build"));
    for (const wasm of ["blockspin.wasm", "blockspin.relaxed.wasm"]) copyFileSync(join(ROOT, "build", wasm), join(dir, "build", wasm));
    await build({
      entryPoints: [join(ROOT, "src", "index.ts")], bundle: true, format: "esm", platform: "browser",
      outfile: join(dir, "src", "index.js"), logLevel: "silent",
    });
    writeFileSync(join(dir, "bench-worker.js"), WORKER(builds, threadCounts, options));
    writeFileSync(join(dir, "data.bin"), train.values);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const context = await launchChromium(chromiumPath);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => "benchReport" in window, undefined, { timeout: 600_000, polling: 500 });
      const report = await page.evaluate(() => (window as unknown as { benchReport: BrowserReport }).benchReport);
      if (errors.length > 0 && !report.error) report.error = errors.join("; ");
      return report;
    } finally {
      await context.close();
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Per (build, threads), the faster of two measurement lists' rows. */
function fastest(previous: Measurement[], next: Measurement[]): Measurement[] {
  return next.map((row) => {
    const old = previous.find((p) => p.simd === row.simd && p.threads === row.threads);
    return old && old.seconds < row.seconds ? old : row;
  });
}

export async function benchBrowser(): Promise<BenchRow[]> {
  const problem = `CD-1 epoch ${SAMPLES}x${SIZE * SIZE}->${HIDDEN} batch 100`;
  const chromium = findChromium();
  if (!chromium.path) return [{ name: `${problem}, Chromium`, value: NaN, unit: "s", note: chromium.reason }];

  // Node 20 ships relaxed SIMD behind a flag; V8 flags may be set before the first compile that needs them.
  if (!relaxedSimdSupported()) setFlagsFromString("--experimental-wasm-relaxed-simd");
  const builds: SimdBuild[] = relaxedSimdSupported() ? ["baseline", "relaxed"] : ["baseline"];
  const threadCounts = availableParallelism() > 1 ? [1, 2] : [1];
  const options: LayerTrainingOptions = { ...rbmDefaults(), nHidden: HIDDEN, epochs: EPOCHS, batchSize: 100 };

  const core = await loadCore({ simd: "baseline" });
  const sample = sampleIsing(core, { size: SIZE, coupling: 0.408, count: SAMPLES, seed: 1, algorithm: "wolff" });
  const train = binaryLayerData(sample.configs, [SAMPLES, SIZE, SIZE]);

  let node: Measurement[] = [];
  let browser: BrowserReport | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    node = fastest(node, await nodeMeasurements(train, builds, threadCounts, options));
    const report = await browserMeasurements(chromium.path, train, builds, threadCounts, options);
    if (report.error) return [{ name: `${problem}, Chromium`, value: NaN, unit: "s", note: `failed: ${report.error}` }];
    browser = { ...report, rows: fastest(browser?.rows ?? [], report.rows) };
  }
  if (!browser) throw new Error("no rounds");

  const rows: BenchRow[] = [];
  for (const n of node) {
    const label = `${problem}, ${n.simd === "baseline" ? "baseline" : "relaxed-SIMD"} build, ${n.threads} thread${n.threads > 1 ? "s" : ""}`;
    const b = browser.rows.find((row) => row.simd === n.simd && row.threads === n.threads);
    rows.push({ name: `${label}, Node`, value: n.seconds, unit: "s", note: `Node ${process.version}` });
    if (!b) {
      rows.push({ name: `${label}, Chromium`, value: NaN, unit: "s", note: `${n.simd} build unavailable in Chromium` });
      continue;
    }
    const ratio = b.seconds / n.seconds;
    const threadNote = b.used < b.threads ? `; only ${b.used} thread(s) started (isolated: ${browser.isolated})` : "";
    const bits = b.checksum === n.checksum ? "same weights as Node, bit for bit" : "weights differ from Node's";
    rows.push({
      name: `${label}, Chromium`, value: b.seconds, unit: "s",
      note: `module Web Worker, cross-origin isolated: ${browser.isolated}; ${bits}${threadNote}`,
    });
    rows.push({
      name: `${label}, Chromium / Node`, value: ratio, unit: "x",
      note: `target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? "met" : "missed"}`,
    });
  }
  return rows;
}
