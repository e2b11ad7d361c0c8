// One Markov chain of the L x L Ising model living in kernel memory: its
// lattice, RNG stream and cluster stack, plus a read-only neighbour table
// shared between chains. A chain touches only its own buffers, so chains can
// advance on different threads at once.

import type { Core } from "../wasm.js";
import { allocStream } from "../rng.js";
import { runCalls, type KernelCall } from "../threads/pool.js";
import { metropolisThresholds, wolffAddThreshold } from "./coupling.js";

/** Monte Carlo updates: Wolff single-cluster flips (Wolff 1989) or checkerboard Metropolis sweeps. */
export const ISING_ALGORITHMS = ["wolff", "metropolis"] as const;
/** One of ISING_ALGORITHMS. */
export type IsingAlgorithm = (typeof ISING_ALGORITHMS)[number];

/** What every chain of one lattice size shares: read-only after allocation. */
export interface LatticeWorkspace {
  size: number;
  nSites: number;
  neighborTable: number;
}

/** Allocates the neighbour table of the L x L torus (4 i32 per site) that chains of that size share. */
export function allocWorkspace(core: Core, size: number): LatticeWorkspace {
  const nSites = size * size;
  const neighborTable = core.arena.alloc(nSites * 16);
  core.kernels.latticeNeighbors(neighborTable, size);
  return { size, nSites, neighborTable };
}

/** Where IsingChain.record writes: kernel-memory pointers for nRecords records. */
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
  private readonly clusterStack: number;
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
    this.clusterStack = algorithm === "wolff" ? core.arena.alloc(workspace.nSites * 4) : 0;
    this.wolffThreshold = wolffAddThreshold(coupling);
    this.acceptance = metropolisThresholds(coupling);
    core.kernels.latticeRandomize(this.lattice, workspace.nSites, this.rng);
  }

  update(count: number): number {
    return runCalls(this.core, [this.updateCall(count)])[0]!;
  }

  record(spacing: number, nRecords: number, out: RecordBuffers): number {
    return runCalls(this.core, [this.recordCall(spacing, nRecords, out)])[0]!;
  }

  /** `count` updates, as a call for a thread team; its result is the number of spins flipped. */
  updateCall(count: number): KernelCall {
    const w = this.workspace;
    if (this.algorithm === "wolff") {
      return { kernel: "wolffUpdates", args: [this.lattice, w.neighborTable, w.nSites, this.clusterStack, this.rng, this.wolffThreshold, count] };
    }
    return { kernel: "metropolisSweeps", args: [this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance, count] };
  }

  /** nRecords records `spacing` updates apart, as a call for a thread team; its result is the number of spins flipped. */
  recordCall(spacing: number, nRecords: number, out: RecordBuffers): KernelCall {
    const w = this.workspace;
    const records = [spacing, nRecords, out.configs, out.energy, out.magnetization] as const;
    if (this.algorithm === "wolff") {
      return { kernel: "wolffRecord", args: [this.lattice, w.neighborTable, w.nSites, this.clusterStack, this.rng, this.wolffThreshold, ...records] };
    }
    return { kernel: "metropolisRecord", args: [this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance, ...records] };
  }

}
