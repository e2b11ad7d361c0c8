// A process killed (SIGKILL) at any moment while writing never leaves a
// truncated .npy or model.json that later loads: the target is either the
// previous complete file or the new complete one.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readNpy } from "../../../src/node/io/npy.js";
import { readModelBundle } from "../../../src/node/io/model-bundle.js";
import { UsageError } from "../../../src/node/runtime/usage-error.js";

const DIST = new URL("../../../dist/node/index.js", import.meta.url).href;
const tally = { kills: 0, loadedComplete: 0, absent: 0, refusedMixed: 0 };

afterAll(() => {
  console.log(`atomic writes: ${tally.kills} writers killed mid-run, ${tally.loadedComplete} targets loaded complete, ` +
    `${tally.absent} not yet created, ${tally.refusedMixed} mixed-generation bundles refused, 0 truncated or mixed loads`);
});

/** Rewrites `path` forever with arrays whose every value equals the generation number. */
const NPY_WRITER = `
const { writeNpy } = await import(process.argv[1]);
const path = process.argv[2];
for (let generation = 1; ; generation++) {
  await writeNpy(path, { dtype: "int32", shape: [512, 1024], data: new Int32Array(512 * 1024).fill(generation) });
}`;

/** Trains and rewrites a small model bundle forever. */
const BUNDLE_WRITER = `
const lib = await import(process.argv[1]);
const dir = process.argv[2];
const core = await lib.loadCore();
const values = new Uint8Array(200 * 64).map((_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
const data = { kind: "binary", nSamples: 200, nVisible: 64, values };
for (let seed = 1; ; seed++) {
  const layers = [{ ...lib.rbmDefaults(), nHidden: 256, epochs: 1, batchSize: 20 }];
  const result = lib.trainStack(core, data, { layers, seed, validationFraction: 0 });
  const layer = { index: 1, nVisible: 64, nHidden: 256, files: { W: "layer1.W.npy", vbias: "layer1.vbias.npy", hbias: "layer1.hbias.npy" },
    training: layers[0], metrics: { epochs: 1, pseudoLikelihood: null, reconstructionError: null, freeEnergyTrain: null, freeEnergyValidation: null, seconds: 0 } };
  const manifest = { format: "blockspin-model", formatVersion: 1, libraryVersion: "test", architecture: [64, 256], seed, propagate: "probabilities",
    data: { source: "x", shape: [200, 64], dtype: "uint8", trainSamples: 200, validationSamples: 0, validationFraction: 0 },
    status: "complete", layers: [layer], createdAt: "" };
  await lib.writeModelBundle(dir, { manifest, layers: result.layers }, result.metrics);
}`;

function killAfter(script: string, target: string, milliseconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, DIST, target], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill("SIGKILL"), milliseconds);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") {
        tally.kills++;
        resolve();
      } else {
        reject(new Error(`writer exited by itself (${code}): ${stderr}`));
      }
    });
  });
}

describe("atomic outputs under SIGKILL", () => {
  it("a .npy being rewritten is always complete when it loads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-kill-"));
    const target = join(dir, "x.npy");
    for (let round = 0; round < 12; round++) {
      await killAfter(NPY_WRITER, target, 150 + 37 * round);
      if (!existsSync(target)) {
        tally.absent++;
        continue;
      }
      const array = await readNpy(target);
      expect(array.shape).toEqual([512, 1024]);
      const first = array.data[0]!;
      expect((array.data as Int32Array).every((v) => v === first)).toBe(true);
      tally.loadedComplete++;
    }
    // killed writers may leave their temporary files, never under the target's name
    expect(readdirSync(dir).filter((f) => f !== "x.npy").every((f) => f.endsWith(".tmp"))).toBe(true);
  });

  it("a model bundle being rewritten loads complete, or is refused as mixed, or is absent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "blockspin-kill-bundle-"));
    for (let round = 0; round < 8; round++) {
      await killAfter(BUNDLE_WRITER, dir, 400 + 61 * round);
      if (!existsSync(join(dir, "model.json"))) {
        tally.absent++;
        continue;
      }
      try {
        const bundle = await readModelBundle(dir);
        expect(bundle.layers[0]!.weights.length).toBe(64 * 256);
        tally.loadedComplete++;
      } catch (error) {
        // killed between an array and model.json: the digests say so
        expect(error).toBeInstanceOf(UsageError);
        expect((error as Error).message).toMatch(/not the file model\.json was written with/);
        tally.refusedMixed++;
      }
    }
  });
});
