// blockspin against scikit-learn's BernoulliRBM (Debian python3-sklearn) on
// the same weights, data, flipped units and random numbers.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeNpy, decodeNpy } from "../../src/npy-format.js";
import { layerStream, trainLayer } from "../../src/rbm/training/index.js";
import { initialParameters } from "../../src/rbm/initialize.js";
import { scoreLayer } from "../../src/rbm/layer-scores.js";
import { uploadParameters, type RbmParameters } from "../../src/rbm/rbm-parameters.js";
import { sklearnPreset } from "../../src/rbm/training-options.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import { allocStream } from "../../src/rng.js";
import { testCore } from "../support/core.js";
import { findPython, runPython } from "../support/python.js";
import { mulberry32 } from "../support/random.js";

const sklearn = findPython(["numpy", "sklearn"]);
if (!sklearn.python) console.warn(`skipping scikit-learn comparisons: ${sklearn.reason}`);

function randomBinary(nSamples: number, nVisible: number, seed: number): LayerData {
  const random = mulberry32(seed);
  const values = Uint8Array.from({ length: nSamples * nVisible }, () => (random() < 0.4 ? 1 : 0));
  return { kind: "binary", nSamples, nVisible, values };
}

function save(dir: string, name: string, dtype: "float32" | "uint8" | "int32", shape: number[], data: Float32Array | Uint8Array | Int32Array): string {
  const path = join(dir, name);
  writeFileSync(path, encodeNpy({ dtype, shape, data }));
  return path;
}

function saveParams(dir: string, params: RbmParameters): void {
  save(dir, "W.npy", "float32", [params.nVisible, params.nHidden], params.weights);
  save(dir, "vbias.npy", "float32", [params.nVisible], params.visibleBias);
  save(dir, "hbias.npy", "float32", [params.nHidden], params.hiddenBias);
}

const LOAD_MODEL = `
import sys, json, numpy as np
import sklearn.neural_network._rbm as rbm_module
from sklearn.neural_network import BernoulliRBM
d = sys.argv[1]
W = np.load(d + "/W.npy").astype(np.float64)
X = np.load(d + "/X.npy").astype(np.float64)
rbm = BernoulliRBM(n_components=W.shape[1])
rbm.components_ = W.T.copy()
rbm.intercept_hidden_ = np.load(d + "/hbias.npy").astype(np.float64)
rbm.intercept_visible_ = np.load(d + "/vbias.npy").astype(np.float64)
`;

describe.skipIf(!sklearn.python)("agreement with scikit-learn BernoulliRBM", () => {
  it("free energy and pseudo-likelihood equal score_samples on the same flipped units", async () => {
    const core = await testCore();
    const dir = mkdtempSync(join(tmpdir(), "blockspin-sk-"));
    const data = randomBinary(300, 37, 1);
    const params = initialParameters(core, allocStream(core, 3, 0), data, 13, 0.5, true);
    saveParams(dir, params);
    save(dir, "X.npy", "uint8", [data.nSamples, data.nVisible], data.values);
    // The flip indices scoreLayer draws from stream (seed 7, stream 0).
    const flips = core.arena.scoped(() => {
      const rng = allocStream(core, 7, 0);
      const out = core.arena.alloc(data.nSamples * 4);
      core.kernels.rngFillU32(rng, out, data.nSamples);
      return Int32Array.from(core.arena.u32(out, data.nSamples), (u) => Math.floor((u * data.nVisible) / 2 ** 32));
    });
    save(dir, "flips.npy", "int32", [data.nSamples], flips);
    const ours = core.arena.scoped(() => scoreLayer(core, uploadParameters(core, params), data, allocStream(core, 7, 0)));
    const theirs = JSON.parse(runPython(sklearn.python!, LOAD_MODEL + `
flips = np.load(d + "/flips.npy")
class FixedFlips:
    def randint(self, low, high, size):
        assert (low, high, size) == (0, X.shape[1], X.shape[0])
        return flips
rbm_module.check_random_state = lambda seed: FixedFlips()
print(json.dumps({"pl": float(rbm.score_samples(X).mean()), "fe": float(rbm._free_energy(X).mean())}))
`, [dir])) as { pl: number; fe: number };
    expect(ours.freeEnergy).toBeCloseTo(theirs.fe, 4);
    expect(ours.pseudoLikelihood).toBeCloseTo(theirs.pl, 3);
    expect(Math.abs(ours.pseudoLikelihood - theirs.pl) / Math.abs(theirs.pl)).toBeLessThan(1e-5);
  });

  // 45 rows at batch 10 = 4 full batches and one of 5, as gen_even_slices makes; 130 at batch 50 = 50, 50 and 30,
  // whose 10 + 10 groups of gradient tables go in two chunks (assembly/rbm-grad-tables.ts) and whose up passes go
  // through tables too (PROPAGATE_TABLES_MIN_BATCH).
  for (const { batchSize, rows } of [{ batchSize: 10, rows: 45 }, { batchSize: 50, rows: 130 }]) {
    it(`one --preset sklearn epoch at batch ${batchSize} equals BernoulliRBM's fit loop with the same random numbers`, async () => {
      const core = await testCore();
      const dir = mkdtempSync(join(tmpdir(), "blockspin-sk-"));
      const nHidden = 6;
      const data = randomBinary(rows, 16, 2);
      const options = { ...sklearnPreset(), nHidden, epochs: 1, batchSize };
      const seed = 11;
      const initial = initialParameters(core, allocStream(core, seed, layerStream(1, "init")), data, nHidden, options.initStd, false);
      saveParams(dir, initial);
      save(dir, "X.npy", "uint8", [data.nSamples, data.nVisible], data.values);
      // The Gibbs stream, in the order the trainer consumes it: per batch,
      // batch_size x n_visible draws for v_neg, then batch_size x n_hidden for h_neg.
      const batches = Math.ceil(data.nSamples / options.batchSize);
      const perBatch = options.batchSize * (data.nVisible + nHidden);
      const uniforms = core.arena.scoped(() => {
        const rng = allocStream(core, seed, layerStream(1, "gibbs"));
        const out = core.arena.alloc(batches * perBatch * 4);
        core.kernels.rngFillF32(rng, out, batches * perBatch);
        return core.arena.f32(out, batches * perBatch).slice();
      });
      save(dir, "uniforms.npy", "float32", [uniforms.length], uniforms);
      const ours = trainLayer(core, { layer: 1, seed, options, train: data, initial });
      runPython(sklearn.python!, LOAD_MODEL + `
from sklearn.utils import gen_even_slices
u = np.load(d + "/uniforms.npy").astype(np.float64)
class ReplayUniforms:
    def __init__(self): self.at = 0
    def uniform(self, size):
        n = int(np.prod(size)); out = u[self.at:self.at + n].reshape(size); self.at += n; return out
rng = ReplayUniforms()
rbm.batch_size = ${batchSize}
rbm.h_samples_ = np.zeros((rbm.batch_size, rbm.n_components))
n = X.shape[0]; n_batches = int(np.ceil(float(n) / rbm.batch_size))
for batch in gen_even_slices(n_batches * rbm.batch_size, n_batches, n_samples=n):
    rbm._fit(X[batch], rng)
assert rng.at == len(u), (rng.at, len(u))
np.save(d + "/W_after.npy", rbm.components_.T.astype(np.float32))
np.save(d + "/vbias_after.npy", rbm.intercept_visible_.astype(np.float32))
np.save(d + "/hbias_after.npy", rbm.intercept_hidden_.astype(np.float32))
np.save(d + "/chain_after.npy", rbm.h_samples_.astype(np.float32))
`, [dir]);
      const load = (name: string) => decodeNpy(readFileSync(join(dir, name))).data as Float32Array;
      const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
      // float32 here vs float64 there: differences are rounding, far below one update (~1e-2).
      expect(maxDiff(ours.parameters.weights, load("W_after.npy"))).toBeLessThan(2e-6);
      expect(maxDiff(ours.parameters.visibleBias, load("vbias_after.npy"))).toBeLessThan(2e-6);
      expect(maxDiff(ours.parameters.hiddenBias, load("hbias_after.npy"))).toBeLessThan(2e-6);
      expect(Array.from(ours.chain!)).toEqual(Array.from(load("chain_after.npy")));
      // and training moved the weights by much more than the tolerance
      expect(maxDiff(initial.weights, ours.parameters.weights)).toBeGreaterThan(1e-3);
    });
  }
});
