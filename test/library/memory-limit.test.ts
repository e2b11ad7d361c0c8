import { describe, expect, it } from "vitest";
import { checkTrainingFits, trainingMemoryBytes } from "../../src/rbm/memory-estimate.js";
import { trainStack } from "../../src/rbm/stack.js";
import { rbmDefaults } from "../../src/rbm/training-options.js";
import type { LayerData } from "../../src/rbm/layer-data.js";
import { testCore } from "../support/core.js";

describe("WebAssembly memory limits", () => {
  const paperStack = [400, 100, 25].map((nHidden) => ({ ...rbmDefaults(), nHidden }));

  it("the paper's run fits with room to spare", () => {
    expect(trainingMemoryBytes(20_000, 1600, paperStack)).toBeLessThan(64 * 2 ** 20);
    expect(() => checkTrainingFits(20_000, 1600, paperStack)).not.toThrow();
  });

  it("refuses a run that cannot fit, saying how large it is", () => {
    // 2,000,000 samples of a 64 x 64 lattice: 8 GiB of bytes alone.
    expect(() => checkTrainingFits(2_000_000, 4096, paperStack)).toThrow(/about 7\.\d GiB .*limit 4 GiB.*fewer samples/);
    expect(() => checkTrainingFits(1000, 1600, [{ ...rbmDefaults(), nHidden: 300_000 }])).toThrow(/GiB/);
  });

  it("the estimate covers what training really allocates", async () => {
    const core = await testCore();
    const data: LayerData = { kind: "binary", nSamples: 2000, nVisible: 256, values: new Uint8Array(2000 * 256).fill(1) };
    const layers = [{ ...rbmDefaults(), nHidden: 64, epochs: 1 }, { ...rbmDefaults(), nHidden: 16, epochs: 1 }];
    const before = core.memory.buffer.byteLength;
    trainStack(core, data, { layers, seed: 1, validationFraction: 0 });
    const grown = core.memory.buffer.byteLength - before;
    expect(grown).toBeLessThanOrEqual(trainingMemoryBytes(2000, 256, layers) + 4 * 65536);
  });
});
