// The columnar-to-Coulomb (Kosterlitz-Thouless) transition of interacting
// dimers, measured with blockspin's worm sampler: at V = -1 a scan of T on
// the L = 16 and L = 32 tori of the winding variance <W_x^2 + W_y^2> / 2 and
// the columnar order <M^2> (src/systems/dimer/observables.ts), with error
// bars from binning. Alet et al. (PRL 94, 235702, 2005; PRE 74, 041124,
// 2006) put the transition at T_c = 0.65 |V|: below it the dimers crystallise
// in columns and the winding numbers freeze at 0; above it the columnar order
// falls as a power of L and the winding variance is finite (docs/methods.md,
// "Dimers").
//
// Run: npx tsx examples/dimer-kt-scan.ts [--records N] [--out DIR] [--chart-only]
// Writes DIR/kt-scan.csv and DIR/kt-scan.png (default DIR docs/dimers);
// --chart-only draws the PNG again from DIR/kt-scan.csv without measuring.
//
// Every point runs CHAINS chains from the columnar covering: worms for a
// warm-up that fixes an update as round(L^2 / mean worm length) worms (about
// one sweep of pivot moves, as sampleDimers does), WARM_UP_UPDATES updates
// discarded, then N records one update apart. Records one update apart are
// correlated; binning (Flyvbjerg & Petersen, J. Chem. Phys. 91, 461, 1989)
// turns them into an honest standard error, and the ratio of the binned to
// the naive variance gives 2 tau_int.

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { TopLevelSpec } from "vega-lite";
import { loadCore, type Core } from "../src/index.js";
import { writeFileAtomic } from "../src/node/io/atomic-write.js";
import { renderPng } from "../src/node/render/chart.js";
import {
  DimerChain, allocExitTable, columnarOrder, coveringBytes, windingNumbers,
} from "../src/systems/dimer/index.js";

const INTERACTION = -1;
const SIZES = [16, 32];
const TEMPERATURES = [0.3, 0.45, 0.55, 0.6, 0.625, 0.65, 0.675, 0.7, 0.75, 0.85, 1.0, 1.2];
const CHAINS = 4;
const WARM_UP_MOVES_PER_SITE = 200;
const WARM_UP_UPDATES = 5000;
const RECORD_CHUNK = 1024;
/** Binning stops when fewer bins than this remain (pooled over the chains). */
const MIN_BINS = 32;

/** A mean with its binning error and the autocorrelation time the binning saw. */
interface Binned {
  mean: number;
  error: number;
  /** tau_int in updates: (binned variance / naive variance) / 2 at the largest bin size used. */
  tau: number;
}

/** One (L, T) point of the scan. */
interface ScanPoint {
  size: number;
  temperature: number;
  wormsPerUpdate: number;
  meanWormLength: number;
  records: number;
  winding: Binned;
  columnar: Binned;
  seconds: number;
}

/**
 * Mean of every chain's series with the binning error: bins of 2^k records within each chain, the standard error
 * of the pooled bin means, maximised over the bin sizes that leave at least MIN_BINS bins.
 */
function binned(series: readonly Float64Array[]): Binned {
  const all = series.flatMap((s) => Array.from(s));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  let naive = 0;
  let error = 0;
  for (let width = 1; ; width *= 2) {
    const bins = series.flatMap((s) => Array.from({ length: Math.floor(s.length / width) }, (_, b) => {
      let sum = 0;
      for (let i = b * width; i < (b + 1) * width; i++) sum += s[i]!;
      return sum / width;
    }));
    if (bins.length < MIN_BINS) break;
    const variance = bins.reduce((a, b) => a + (b - mean) ** 2, 0) / (bins.length - 1);
    const standardError = Math.sqrt(variance / bins.length);
    if (width === 1) naive = standardError;
    error = Math.max(error, standardError);
  }
  return { mean, error, tau: naive > 0 ? (error / naive) ** 2 / 2 : 0.5 };
}

/** Pivot moves per worm after warming every chain up by WARM_UP_MOVES_PER_SITE L^2 moves. */
function warmUp(chains: readonly DimerChain[], size: number): number {
  let moves = 0;
  let worms = 0;
  for (const chain of chains) {
    for (let done = 0; done < WARM_UP_MOVES_PER_SITE * size * size;) {
      const made = chain.worms(256);
      done += made;
      if (done > (WARM_UP_MOVES_PER_SITE / 2) * size * size) {
        moves += made;
        worms += 256;
      }
    }
  }
  return moves / worms;
}

function scanPoint(core: Core, size: number, temperature: number, records: number, seed: number): ScanPoint {
  const start = performance.now();
  return core.arena.scoped(() => {
    const table = allocExitTable(core, INTERACTION / temperature, "minimal-bounce");
    const chains = Array.from({ length: CHAINS }, (_, c) => new DimerChain(core, size, table, seed, c));
    const meanWormLength = warmUp(chains, size);
    const wormsPerUpdate = Math.max(1, Math.round((size * size) / meanWormLength));
    const stateBytes = coveringBytes(size);
    const configs = core.arena.alloc(RECORD_CHUNK * stateBytes);
    const observables = core.arena.alloc(RECORD_CHUNK * 5 * 4);
    const winding: Float64Array[] = [];
    const columnar: Float64Array[] = [];
    for (const chain of chains) {
      chain.worms(WARM_UP_UPDATES * wormsPerUpdate);
      const w = new Float64Array(records);
      const m = new Float64Array(records);
      for (let at = 0; at < records; at += RECORD_CHUNK) {
        const chunk = Math.min(RECORD_CHUNK, records - at);
        chain.record(wormsPerUpdate, chunk, configs, observables);
        const samples = core.arena.u8(configs, chunk * stateBytes);
        const windings = windingNumbers(samples, size);
        const order = columnarOrder(samples, size);
        for (let i = 0; i < chunk; i++) {
          w[at + i] = (windings[2 * i]! ** 2 + windings[2 * i + 1]! ** 2) / 2;
          m[at + i] = order[2 * i]! ** 2 + order[2 * i + 1]! ** 2;
        }
      }
      winding.push(w);
      columnar.push(m);
    }
    return {
      size, temperature, wormsPerUpdate, meanWormLength, records,
      winding: binned(winding), columnar: binned(columnar), seconds: (performance.now() - start) / 1000,
    };
  });
}

function csvOf(points: readonly ScanPoint[]): string {
  const header = "L,V,T,chains,records_per_chain,worms_per_update,mean_worm_length," +
    "winding_variance,winding_variance_error,tau_winding,m2,m2_error,tau_m2,seconds";
  const rows = points.map((p) => [
    p.size, INTERACTION, p.temperature, CHAINS, p.records, p.wormsPerUpdate, p.meanWormLength.toFixed(3),
    p.winding.mean.toPrecision(5), p.winding.error.toPrecision(3), p.winding.tau.toPrecision(3),
    p.columnar.mean.toPrecision(5), p.columnar.error.toPrecision(3), p.columnar.tau.toPrecision(3), p.seconds.toFixed(1),
  ].join(","));
  return `${[header, ...rows].join("\n")}\n`;
}

/** One line of the chart's data: a point's estimate of one quantity. */
interface ChartValue {
  L: string;
  T: number;
  value: number;
  low: number;
  high: number;
}

function chartValues(points: readonly ScanPoint[], pick: (p: ScanPoint) => Binned, positiveOnly: boolean): ChartValue[] {
  return points.filter((p) => !positiveOnly || pick(p).mean > 0).map((p) => {
    const { mean, error } = pick(p);
    // On a log axis an error bar reaching 0 is drawn down to a tenth of the mean.
    return { L: `L = ${p.size}`, T: p.temperature, value: mean, low: positiveOnly ? Math.max(mean - error, mean / 10) : mean - error, high: mean + error };
  });
}

function panel(values: ChartValue[], title: string, log: boolean): TopLevelSpec {
  const x = { field: "T", type: "quantitative", title: "temperature T / |V|", scale: { domain: [0.25, 1.25] } } as const;
  const color = { field: "L", type: "nominal", title: null } as const;
  return {
    width: 460, height: 210, title, data: { values },
    layer: [
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "value", type: "quantitative", title: null, scale: { type: log ? "log" : "linear" } }, color } },
      { mark: { type: "errorbar", ticks: true }, encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color } },
      { mark: { type: "rule", strokeDash: [4, 4], color: "gray" }, encoding: { x: { datum: 0.65 } } },
    ],
  } as TopLevelSpec;
}

function chartOf(points: readonly ScanPoint[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `Dimers at V = ${INTERACTION}: columnar order and winding variance against T (T_c = 0.65 |V| dashed)`,
    vconcat: [
      panel(chartValues(points, (p) => p.columnar, false), "columnar order <M^2>", false),
      panel(chartValues(points, (p) => p.winding, true), "winding variance <W_x^2 + W_y^2> / 2 (log scale; points measured as 0 left out)", true),
    ],
  } as TopLevelSpec;
}

/** The points of a CSV this script wrote (csvOf), to draw the chart again without measuring. */
function pointsOfCsv(text: string): ScanPoint[] {
  const [header, ...lines] = text.trim().split("\n");
  const columns = header!.split(",");
  return lines.map((line) => {
    const row = Object.fromEntries(line.split(",").map((v, i) => [columns[i]!, Number(v)]));
    const binnedOf = (name: string, error: string, tau: string): Binned => ({ mean: row[name]!, error: row[error]!, tau: row[tau]! });
    return {
      size: row["L"]!, temperature: row["T"]!, wormsPerUpdate: row["worms_per_update"]!, meanWormLength: row["mean_worm_length"]!,
      records: row["records_per_chain"]!, seconds: row["seconds"]!,
      winding: binnedOf("winding_variance", "winding_variance_error", "tau_winding"),
      columnar: binnedOf("m2", "m2_error", "tau_m2"),
    };
  });
}

const { values: args } = parseArgs({
  options: {
    records: { type: "string", default: "20000" },
    out: { type: "string", default: "docs/dimers" },
    "chart-only": { type: "boolean", default: false },
  },
});
const records = Number(args.records);
if (!Number.isInteger(records) || records < MIN_BINS) throw new RangeError(`--records: an integer >= ${MIN_BINS}, got ${args.records}`);
const csvPath = join(args.out, "kt-scan.csv");
const pngPath = join(args.out, "kt-scan.png");
if (args["chart-only"]) {
  await writeFileAtomic(pngPath, await renderPng(chartOf(pointsOfCsv(readFileSync(csvPath, "utf8")))));
  console.error(`wrote ${pngPath} from ${csvPath}`);
} else {
  const core = await loadCore();
  const points: ScanPoint[] = [];
  for (const size of SIZES) {
    for (const [i, temperature] of TEMPERATURES.entries()) {
      const point = scanPoint(core, size, temperature, records, 1000 * size + i);
      points.push(point);
      console.error(
        `L=${size} T=${temperature}: W^2 ${point.winding.mean.toFixed(4)} +- ${point.winding.error.toFixed(4)} ` +
        `(tau ${point.winding.tau.toFixed(1)}), M^2 ${point.columnar.mean.toFixed(4)} +- ${point.columnar.error.toFixed(4)} ` +
        `(tau ${point.columnar.tau.toFixed(1)}); ${point.wormsPerUpdate} worms/update, ${point.seconds.toFixed(1)} s`,
      );
    }
  }
  mkdirSync(args.out, { recursive: true });
  await writeFileAtomic(csvPath, csvOf(points));
  await writeFileAtomic(pngPath, await renderPng(chartOf(points)));
  console.error(`wrote ${csvPath} and ${pngPath}`);
}
