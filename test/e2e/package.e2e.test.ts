// blockspin as an embedding app gets it: `npm pack`, the tarball installed
// into a fresh app, then the README's Node example run with plain Node, its
// page example built with Vite and run in Chromium (same numbers as Node),
// the type declarations compiled by a strict consumer, and the installed
// command line. Also what the tarball must not carry.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { serveDirectory } from "../support/static-server.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const TIMEOUT = 300_000;

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The README's code block whose first line names `file` (e.g. "// example.mjs"), without that line. */
function readmeExample(file: string): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const [, body] of readme.matchAll(/```(?:js|html)\n([\s\S]*?)```/g)) {
    const [first, ...rest] = body!.split("\n");
    if (first === `// ${file}` || first === `<!-- ${file} -->`) return rest.join("\n");
  }
  throw new Error(`README.md has no example named ${file}`);
}

/** The JSON summary an example prints last. */
function summary(text: string): Record<string, unknown> {
  return JSON.parse(text.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

describe("blockspin as a package", () => {
  let tarball = "";
  let files: string[] = [];
  let app = "";
  let nodeSummary: Record<string, unknown> = {};

  beforeAll(() => {
    const packs = mkdtempSync(join(tmpdir(), "blockspin-pack-"));
    // dist/ and build/ are fresh (npm test builds first); the tarball is what `npm publish` would upload.
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packs], ROOT).stdout) as
      { filename: string; files: { path: string }[] }[];
    tarball = join(packs, packed[0]!.filename);
    files = packed[0]!.files.map((f) => f.path);
    app = mkdtempSync(join(tmpdir(), "blockspin-app-"));
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "embedding-app", private: true, type: "module" }, null, 2)}\n`);
    // --prefer-offline: the dependencies come from npm's cache when it has them (it does after npm ci).
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, "@types/node@20"], app);
  }, TIMEOUT);

  it("the tarball holds the library, its types and the kernels, and no tests, benchmarks, their kernels or their results", () => {
    for (const needed of ["dist/index.js", "dist/index.d.ts", "dist/core.js", "dist/core.d.ts", "dist/node/index.js", "dist/node/cli.js",
      "build/blockspin.wasm", "build/blockspin.relaxed.wasm", "package.json", "README.md"]) {
      expect(files, needed).toContain(needed);
    }
    // (A built demo in dist/web may ship: `blockspin serve` serves it from the package. Its sources may not.)
    const unwanted = files.filter((path) => /^(test|tests|bench|web|build\/bench)\/|(^|\/)(test|tests)\/|\.test\.|\.e2e\.|bench\/results|\.tsbuildinfo$/.test(path));
    expect(unwanted).toEqual([]);
    // Source maps only of the shipped library files.
    for (const map of files.filter((path) => path.endsWith(".map"))) expect(files, map).toContain(map.replace(/\.map$/, ""));
  });

  it("plain Node ESM imports blockspin and runs the README's example: samples and trains a small stack", () => {
    writeFileSync(join(app, "example.mjs"), readmeExample("example.mjs"));
    const output = run(process.execPath, ["example.mjs"], app).stdout;
    expect(output).toMatch(/^layer 1 epoch 1: pseudo-likelihood -\d+\.\d\d$/m);
    expect(output).toMatch(/^layer 2 epoch 3: pseudo-likelihood -\d+\.\d\d$/m);
    nodeSummary = summary(output);
    // Sanity against physics: the energy per spin at K = 0.408 is about -1.18 on a 16 x 16 torus; a log
    // pseudo-likelihood is below 0.
    expect(nodeSummary.energyPerSpin).toBeGreaterThan(-1.4);
    expect(nodeSummary.energyPerSpin).toBeLessThan(-1.0);
    expect(nodeSummary.pseudoLikelihood).toBeLessThan(0);
    expect(nodeSummary.medianSpread).toBeGreaterThan(0);
    expect((nodeSummary.firstWeights as number[]).every(Number.isFinite)).toBe(true);
  }, TIMEOUT);

  it("its type declarations compile in a strict consumer: the main entry without Node types, every entry with them", () => {
    const consumer = (name: string, source: string, types: string[]) => {
      writeFileSync(join(app, `${name}.ts`), source);
      writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({
        compilerOptions: {
          strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"], types,
        },
        files: [`${name}.ts`],
      }));
      run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${name}.json`], app);
    };
    consumer("browser-consumer", `
import { loadCore, sampleIsing, trainStackAsync, rbmDefaults, binaryLayerData, type EpochMetrics, type StackCheckpoint } from "blockspin";
const core = await loadCore();
const { configs } = sampleIsing(core, { size: 8, coupling: 0.4, count: 50, seed: 2 });
const rows: EpochMetrics[] = [];
let saved: StackCheckpoint | undefined;
const result = await trainStackAsync(core, binaryLayerData(configs, [50, 8, 8]), {
  layers: [{ ...rbmDefaults(), nHidden: 4, epochs: 1 }], seed: 1, validationFraction: 0,
  onEpoch: (row) => { rows.push(row); },
  between: async (_where, checkpoint) => { saved = checkpoint(); return undefined; },
});
export const weights: Float32Array = result.layers[0]!.weights;
export const summary = { rows: rows.length, resumable: saved !== undefined };
`, []);
    consumer("node-consumer", `
import { loadCore, type Core } from "blockspin";
import { Arena, allocStream, type Kernels, type WasmRbm } from "blockspin/core";
import { readModelBundle, runTraining, type TrainingRunOptions } from "blockspin/node";
const core: Core = await loadCore();
export const arena: Arena = core.arena;
export const stream: number = allocStream(core, 1, 0);
export const kernel: Kernels["rbmSigmoid"] = core.kernels.rbmSigmoid;
export type Pointers = WasmRbm;
export const load: typeof readModelBundle = readModelBundle;
export const train: typeof runTraining = runTraining;
export type Run = TrainingRunOptions;
`, ["node"]);
  }, TIMEOUT);

  it("npx blockspin works from the installed package", () => {
    const help = run("npx", ["--no-install", "blockspin", "--help"], app).stdout;
    expect(help).toMatch(/^Usage: blockspin /);
    expect(help).toMatch(/train\b/);
    const version = run("npx", ["--no-install", "blockspin", "--version"], app).stdout.trim();
    expect(version).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  }, TIMEOUT);

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping the packaged page in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("Vite builds the README's page against the installed package, and it gives Node's numbers in Chromium", async () => {
    const page = join(app, "page");
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, "main.js"), readmeExample("main.js"));
    writeFileSync(join(page, "index.html"), readmeExample("index.html"));
    run(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "error", "--outDir", "dist"], page);
    const assets = readdirSync(join(page, "dist", "assets"));
    expect(assets.some((name) => name.endsWith(".wasm"))).toBe(true);
    const served = await serveDirectory(join(page, "dist"));
    const browser = await launchChromium(chromium.path!);
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
      tab.on("pageerror", (error) => errors.push(error.message));
      await tab.goto(served.url);
      await tab.waitForFunction(() => document.querySelector("#result")?.textContent?.startsWith("{"), undefined, { timeout: 120_000 });
      const pageSummary = summary((await tab.textContent("#result"))!);
      expect(errors).toEqual([]);
      expect(Object.keys(pageSummary).sort()).toEqual(["energyPerSpin", "firstWeights", "pseudoLikelihood"]);
      expect(nodeSummary).toMatchObject(pageSummary);
      console.log(`packaged page in Chromium = Node: ${JSON.stringify(pageSummary)}`);
    } finally {
      await browser.close();
      await served.close();
    }
  }, TIMEOUT);
});

/** A static server for a built page (no isolation headers: one thread, as on any static host). */
