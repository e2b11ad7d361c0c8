// One Markov chain of the L x L Ising model living in kernel memory: its
// lattice and RNG stream, plus read-only buffers shared between chains.

import type { Core } from "../wasm.js";
import { allocStream } from "../rng.js";
import { metropolisThresholds, wolffAddThreshold } from "./coupling.js";

export const ISING_ALGORITHMS = ["wolff", "metropolis"] as const;
export type IsingAlgorithm = (typeof ISING_ALGORITHMS)[number];

/** Buffers every chain of one lattice size can share (one thread at a time). */
export interface LatticeWorkspace {
  size: number;
  nSites: number;
  neighborTable: number;
  clusterStack: number;
}

export function allocWorkspace(core: Core, size: number): LatticeWorkspace {
  const nSites = size * size;
  const neighborTable = core.arena.alloc(nSites * 16);
  core.kernels.latticeNeighbors(neighborTable, size);
  return { size, nSites, neighborTable, clusterStack: core.arena.alloc(nSites * 4) };
}

export interface RecordBuffers {
  /** Pointer to nRecords * nSites int8 configurations, or 0 to skip them. */
  configs: number;
  energy: number;
  magnetization: number;
}

/**
 * A chain advances in "updates": one Wolff cluster flip, or one Metropolis
 * sweep over all sites. Each returns the number of spins flipped.
 */
export class IsingChain {
  readonly lattice: number;
  readonly rng: number;
  private readonly wolffThreshold: number;
  private readonly acceptance: [number, number];

  constructor(
    private readonly core: Core,
    private readonly workspace: LatticeWorkspace,
    readonly coupling: number,
    readonly algorithm: IsingAlgorithm,
    seed: number,
    stream: number,
  ) {
    this.lattice = core.arena.alloc(workspace.nSites);
    this.rng = allocStream(core, seed, stream);
    this.wolffThreshold = wolffAddThreshold(coupling);
    this.acceptance = metropolisThresholds(coupling);
    core.kernels.latticeRandomize(this.lattice, workspace.nSites, this.rng);
  }

  update(count: number): number {
    const { kernels } = this.core;
    const w = this.workspace;
    if (this.algorithm === "wolff") {
      return kernels.wolffUpdates(this.lattice, w.neighborTable, w.nSites, w.clusterStack, this.rng, this.wolffThreshold, count);
    }
    return kernels.metropolisSweeps(this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance, count);
  }

  record(spacing: number, nRecords: number, out: RecordBuffers): number {
    const { kernels } = this.core;
    const w = this.workspace;
    if (this.algorithm === "wolff") {
      return kernels.wolffRecord(
        this.lattice, w.neighborTable, w.nSites, w.clusterStack, this.rng, this.wolffThreshold,
        spacing, nRecords, out.configs, out.energy, out.magnetization,
      );
    }
    return kernels.metropolisRecord(
      this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance,
      spacing, nRecords, out.configs, out.energy, out.magnetization,
    );
  }
}
