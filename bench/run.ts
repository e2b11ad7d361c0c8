// `npm run bench [-- suite...]`: runs the named suites (default: all), prints
// one table of every row and writes bench/results/<suite>.json; a run of all
// suites also writes bench/results/latest.json. A suite that throws becomes
// one row saying so, and the others still run.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { benchIsing } from "./ising.js";
import { benchMemory } from "./memory.js";
import { benchPeak } from "./peak.js";
import { benchRbm } from "./rbm.js";
import { benchSweep } from "./sweep.js";
import { formatSuites, type BenchRow } from "./timing.js";

/** A suite measures synchronously or asynchronously; a throw either way becomes its failure row. */
type Suite = () => BenchRow[] | Promise<BenchRow[]>;

const suites: Record<string, Suite> = { ising: benchIsing, rbm: benchRbm, peak: benchPeak, sweep: benchSweep, memory: benchMemory };

// bench/browser.ts (a headless-browser suite) is optional: registered only
// when the file exists and exports benchBrowser. The specifier is a variable
// so that type checking does not require the file.
const browserModule = "./browser.js";
if (existsSync(new URL("./browser.ts", import.meta.url))) {
  try {
    const mod = (await import(browserModule)) as { benchBrowser?: unknown };
    if (typeof mod.benchBrowser === "function") suites["browser"] = mod.benchBrowser as Suite;
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

const machine: Record<string, string | number> = {
  cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, platform: platform(), arch: arch(),
  node: process.version, date: new Date().toISOString(),
};
const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const all: Record<string, BenchRow[]> = {};
for (const name of requested.length > 0 ? requested : Object.keys(suites)) {
  const start = performance.now();
  let rows: BenchRow[];
  try {
    rows = await suites[name]!();
  } catch (error) {
    rows = [{ name: `${name} suite failed`, value: NaN, unit: "", note: (error as Error).message.split("\n")[0] }];
  }
  all[name] = rows;
  console.error(`bench: ${name} done in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  writeFileSync(new URL(`${name}.json`, resultsDir), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
}
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
machine["maxRssMiB"] = Math.round(maxRssMiB);
if (requested.length === 0) {
  writeFileSync(new URL("latest.json", resultsDir), `${JSON.stringify({ machine, suites: all }, null, 2)}\n`);
}
console.log(`\n${formatSuites(all)}`);
console.log(
  `\nmachine: ${machine["cpu"]}, ${machine["cores"]} cores, ${machine["platform"]}/${machine["arch"]}, Node ${machine["node"]}; ` +
  `peak RSS ${maxRssMiB.toFixed(0)} MiB`,
);
