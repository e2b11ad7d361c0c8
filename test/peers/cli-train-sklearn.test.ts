// The README's scikit-learn snippet (Debian python3-sklearn) loads a bundle
// `blockspin train` wrote: the peer half of test/cli/cli-train.test.ts,
// skipped without scikit-learn.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockspin } from "../support/cli.js";
import { encodeNpy } from "../../src/npy-format.js";
import { findPython, runPython } from "../support/python.js";
import { mulberry32 } from "../support/random.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "blockspin-train-"));
}

/** 60 random 4x4 spin configurations as int8 -1/+1. */
function spins(dir: string, count = 60): string {
  const random = mulberry32(9);
  const data = Int8Array.from({ length: count * 16 }, () => (random() < 0.5 ? -1 : 1));
  const path = join(dir, "spins.npy");
  writeFileSync(path, encodeNpy({ dtype: "int8", shape: [count, 4, 4], data }));
  return path;
}

const sklearn = findPython(["numpy", "sklearn"]);
if (!sklearn.python) console.warn(`skipping the README's scikit-learn loading snippet: ${sklearn.reason}`);

describe.skipIf(!sklearn.python)("the README's scikit-learn snippet", () => {
  it("loads a bundle into BernoulliRBM and scores the same free energy", () => {
    const dir = scratch();
    const data = spins(dir);
    const out = join(dir, "model");
    expect(blockspin("train", "--data", data, "--hidden", "7", "--epochs", "2", "--batch", "10", "--out", out, "--quiet").code).toBe(0);
    const ours = JSON.parse(blockspin("score", "--model", out, "--data", data).stdout) as { freeEnergy: number };
    const theirs = Number(runPython(sklearn.python!, `
import sys, numpy as np
from sklearn.neural_network import BernoulliRBM
d = sys.argv[1]
W = np.load(d + "/layer1.W.npy")
rbm = BernoulliRBM(n_components=W.shape[1])
rbm.components_ = W.T
rbm.intercept_hidden_ = np.load(d + "/layer1.hbias.npy")
rbm.intercept_visible_ = np.load(d + "/layer1.vbias.npy")
x = (np.load(sys.argv[2]).reshape(60, -1) + 1) // 2
print(rbm._free_energy(x.astype(np.float64)).mean())
`, [out, data]));
    expect(ours.freeEnergy).toBeCloseTo(theirs, 4);
  });
});
