// Mutated model.json files never crash the loader or load silently wrong:
// each either loads with arrays matching the declared shapes or is refused
// with a one-line UsageError naming the file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readModelBundle, writeModelBundle, type ModelManifest } from "../../../src/node/io/model-bundle.js";
import { UsageError } from "../../../src/node/runtime/usage-error.js";
import { rbmDefaults } from "../../../src/rbm/training-options.js";
import { zeroParameters } from "../../../src/rbm/rbm-parameters.js";

const tally = { tried: 0, refused: 0, loaded: 0 };
let dir = "";
let validText = "";

afterAll(() => {
  console.log(`model.json robustness: ${tally.tried} mutated files tried, ${tally.refused} refused cleanly with UsageError, ` +
    `${tally.loaded} loaded with arrays matching their declared shapes, 0 crashes`);
});

function manifest(): ModelManifest {
  const training = { ...rbmDefaults(), nHidden: 3 };
  const metrics = { epochs: 1, pseudoLikelihood: -1, reconstructionError: 0.1, freeEnergyTrain: -2, freeEnergyValidation: null, seconds: 0.1 };
  return {
    format: "blockspin-model", formatVersion: 1, libraryVersion: "0.1.0", architecture: [4, 3, 2], seed: 1, propagate: "probabilities",
    data: { source: "x.npy", shape: [10, 2, 2], dtype: "int8", trainSamples: 9, validationSamples: 1, validationFraction: 0.1 },
    status: "complete",
    layers: [
      { index: 1, nVisible: 4, nHidden: 3, files: { W: "layer1.W.npy", vbias: "layer1.vbias.npy", hbias: "layer1.hbias.npy" }, training, metrics },
      { index: 2, nVisible: 3, nHidden: 2, files: { W: "layer2.W.npy", vbias: "layer2.vbias.npy", hbias: "layer2.hbias.npy" }, training: { ...training, nHidden: 2 }, metrics },
    ],
    createdAt: "2026-11-25T00:00:00Z",
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "blockspin-model-fuzz-"));
  const valid = manifest();
  await writeModelBundle(dir, { manifest: valid, layers: [zeroParameters(4, 3), zeroParameters(3, 2)] }, []);
  validText = JSON.stringify(valid, null, 2);
});

async function loadOrRefuse(text: string): Promise<void> {
  tally.tried++;
  writeFileSync(join(dir, "model.json"), text);
  try {
    const bundle = await readModelBundle(dir);
    tally.loaded++;
    for (const [i, layer] of bundle.manifest.layers.entries()) {
      const params = bundle.layers[i]!;
      expect(params.weights.length).toBe(layer.nVisible * layer.nHidden);
      expect(params.visibleBias.length).toBe(layer.nVisible);
      expect(params.hiddenBias.length).toBe(layer.nHidden);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    expect(error.message.split("\n")).toHaveLength(1);
    expect(error.message).toMatch(/model\.json|\.npy/);
    tally.refused++;
  }
}

/** Every path into a JSON value, for picking what to mutate. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function mutate(root: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

describe("model.json robustness", () => {
  it("loads the valid bundle", async () => {
    await loadOrRefuse(validText);
    expect(tally.loaded).toBe(1);
  });

  it("array file names that are empty, directories or lead outside the bundle are refused by the schema", async () => {
    const valid = JSON.parse(validText) as unknown;
    for (const name of ["", ".", "..", "../layer1.W.npy", "/etc/passwd", "sub/layer1.W.npy", "layer1.W"]) {
      const text = JSON.stringify(mutate(valid, ["layers", 0, "files", "W"], name, false));
      writeFileSync(join(dir, "model.json"), text);
      await expect(readModelBundle(dir)).rejects.toThrow(/model\.json: field layers\.0\.files\.W: must be a plain \.npy file name/);
    }
  });

  it("field-level mutations are refused or load consistently", async () => {
    const valid = JSON.parse(validText) as unknown;
    const allPaths = paths(valid);
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: allPaths.length - 1 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean(),
      async (which, replacement, remove) => {
        await loadOrRefuse(JSON.stringify(mutate(valid, allPaths[which]!, replacement, remove)));
      },
    ), { numRuns: 600 });
  });

  it("text-level mutations and truncations are refused or load consistently", async () => {
    await fc.assert(fc.asyncProperty(
      fc.nat(), fc.string({ maxLength: 3 }), fc.nat(),
      async (at, insert, cut) => {
        const position = at % validText.length;
        await loadOrRefuse(validText.slice(0, position) + insert + validText.slice(position + 1));
        await loadOrRefuse(validText.slice(0, cut % validText.length));
      },
    ), { numRuns: 300 });
  });
});
