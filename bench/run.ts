// `npm run bench [-- suite...]`: runs the named suites (default: all),
// prints one table and writes bench/results/<suite>.json and latest.json.

import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { benchIsing } from "./ising.js";
import { benchRbm } from "./rbm.js";
import { formatTable, type BenchRow } from "./timing.js";

const suites: Record<string, () => Promise<BenchRow[]>> = { ising: benchIsing, rbm: benchRbm };

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(", ")}; choose from ${Object.keys(suites).join(", ")}`);
  process.exit(2);
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, platform: platform(), arch: arch(),
  node: process.version, date: new Date().toISOString(),
};
const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const all: Record<string, BenchRow[]> = {};
for (const name of requested.length > 0 ? requested : Object.keys(suites)) {
  const rows = await suites[name]!();
  all[name] = rows;
  console.log(`\n## ${name}\n${formatTable(rows)}`);
  writeFileSync(new URL(`${name}.json`, resultsDir), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
}
writeFileSync(new URL("latest.json", resultsDir), `${JSON.stringify({ machine, suites: all }, null, 2)}\n`);
console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
