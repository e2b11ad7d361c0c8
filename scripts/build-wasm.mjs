// `npm run build:wasm`: compiles the AssemblyScript kernels (assembly/index.ts -> build/blockspin.wasm and
// build/blockspin.relaxed.wasm) and the bench-only probes (assembly/bench.ts -> build/bench/), each target
// only when an output is missing or older than a source or its config, as make would. `--force` rebuilds all.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

const force = process.argv.includes("--force");
const ascBin = join("node_modules", "assemblyscript", "bin", "asc.js");
const sources = readdirSync("assembly").filter((name) => name.endsWith(".ts")).map((name) => join("assembly", name));
const newestSource = (config) => Math.max(...[...sources, config, "package-lock.json"].map((path) => statSync(path).mtimeMs));

const builds = [
  { entry: "assembly/index.ts", config: "asconfig.json", targets: ["release", "relaxed"] },
  { entry: "assembly/bench.ts", config: "asconfig.bench.json", targets: ["release", "relaxed"] },
];

for (const { entry, config, targets } of builds) {
  const outputs = JSON.parse(readFileSync(config, "utf8")).targets;
  for (const target of targets) {
    const outFile = outputs[target].outFile;
    const current = !force && existsSync(outFile) && statSync(outFile).mtimeMs >= newestSource(config);
    if (current) continue;
    execFileSync(process.execPath, [ascBin, entry, "--config", config, "--target", target], { stdio: "inherit" });
  }
}
