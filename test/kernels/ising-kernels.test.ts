import { describe, expect, it } from "vitest";
import { CRITICAL_COUPLING } from "../../src/index.js";
import { IsingChain, allocWorkspace } from "../../src/core.js";
import { metropolisThresholds, wolffAddThreshold } from "../../src/systems/ising/coupling.js";
import { testCore } from "../support/core.js";
import {
  Xoshiro128, metropolisSweepReference, neighborTable, wolffClusterReference,
} from "../support/ising-reference.js";

// The wasm kernels against plain TypeScript versions that consume the same
// random numbers: after many updates the lattices must be identical.
describe.each([2, 3, 5, 8, 16])("Ising kernels on a %i x %i torus", (size) => {
  for (const coupling of [0.2, CRITICAL_COUPLING, 0.7]) {
    it(`Wolff matches the reference at K = ${coupling.toFixed(4)}`, async () => {
      const core = await testCore();
      core.arena.scoped(() => {
        const workspace = allocWorkspace(core, size);
        const chain = new IsingChain(core, workspace, coupling, "wolff", 42, 1);
        const spins = Int8Array.from(core.arena.i8(chain.lattice, size * size));
        const rng = new Xoshiro128(core.arena.u32(chain.rng, 4));
        const table = neighborTable(size);
        const stack = new Int32Array(size * size);
        let referenceFlips = 0;
        for (let u = 0; u < 300; u++) referenceFlips += wolffClusterReference(spins, table, rng, wolffAddThreshold(coupling), stack);
        expect(chain.update(300)).toBe(referenceFlips);
        expect(Array.from(core.arena.i8(chain.lattice, size * size))).toEqual(Array.from(spins));
      });
    });

    it(`Metropolis matches the reference at K = ${coupling.toFixed(4)}`, async () => {
      const core = await testCore();
      core.arena.scoped(() => {
        const workspace = allocWorkspace(core, size);
        const chain = new IsingChain(core, workspace, coupling, "metropolis", 43, 2);
        const spins = Int8Array.from(core.arena.i8(chain.lattice, size * size));
        const rng = new Xoshiro128(core.arena.u32(chain.rng, 4));
        const table = neighborTable(size);
        const [accept4, accept8] = metropolisThresholds(coupling);
        let referenceFlips = 0;
        for (let s = 0; s < 50; s++) referenceFlips += metropolisSweepReference(spins, table, size, rng, accept4, accept8);
        expect(chain.update(50)).toBe(referenceFlips);
        expect(Array.from(core.arena.i8(chain.lattice, size * size))).toEqual(Array.from(spins));
      });
    });
  }

  it("computes energy and magnetization as the definitions", async () => {
    const core = await testCore();
    core.arena.scoped(() => {
      const workspace = allocWorkspace(core, size);
      const chain = new IsingChain(core, workspace, 0.3, "metropolis", 7, 0);
      chain.update(3);
      const spins = core.arena.i8(chain.lattice, size * size);
      let energy = 0;
      let magnetization = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const s = spins[y * size + x]!;
          energy -= s * (spins[y * size + ((x + 1) % size)]! + spins[((y + 1) % size) * size + x]!);
          magnetization += s;
        }
      }
      expect(core.kernels.latticeEnergy(chain.lattice, workspace.neighborTable, size * size)).toBe(energy);
      expect(core.kernels.latticeMagnetization(chain.lattice, size * size)).toBe(magnetization);
    });
  });
});
