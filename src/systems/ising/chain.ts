// One Markov chain of the L x L Ising model living in kernel memory: its
// lattice, RNG stream and cluster stack, plus a read-only neighbour table
// shared between chains. A chain touches only its own buffers, so chains can
// advance on different threads at once.

import type { Core } from "../../wasm.js";
import { allocStream } from "../../rng.js";
import { runCalls, type KernelCall } from "../../threads/pool.js";
import { metropolisThresholds, wolffAddThreshold } from "./coupling.js";

/** Monte Carlo updates: Wolff single-cluster flips (Wolff 1989) or checkerboard Metropolis sweeps. */
export const ISING_ALGORITHMS = ["wolff", "metropolis"] as const;
/** One of ISING_ALGORITHMS. */
export type IsingAlgorithm = (typeof ISING_ALGORITHMS)[number];

/** What every chain of one lattice size shares: read-only after allocation. */
export interface LatticeWorkspace {
  /** Lattice side L. */
  size: number;
  /** L^2. */
  nSites: number;
  /** Pointer to the periodic neighbour table: nSites x 4 i32 site indices (right, left, down, up). */
  neighborTable: number;
}

/**
 * Allocates the neighbour table of the L x L torus (4 i32 per site) that chains of that size share.
 *
 * @param core - The loaded kernels; the table is allocated from its arena (free it with the arena's scope).
 * @param size - Lattice side L (>= 2).
 * @returns The workspace, read-only from here on.
 */
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
  /** Pointer to nRecords i32: each record's total energy -sum over bonds of s_i s_j (J = 1). */
  energy: number;
  /** Pointer to nRecords i32: each record's spin sum. */
  magnetization: number;
}

/**
 * One Markov chain of the L x L Ising model in kernel memory (its lattice,
 * RNG stream and cluster stack; `docs/methods.md`, Sampling). A chain
 * advances in "updates": one Wolff cluster flip, or one Metropolis sweep over
 * all sites. Each returns the number of spins flipped.
 *
 * @example
 * ```ts
 * core.arena.scoped(() => {
 *   const workspace = allocWorkspace(core, 16);
 *   const chain = new IsingChain(core, workspace, CRITICAL_COUPLING, "wolff", 1, 0);
 *   chain.update(1000);
 *   return Int8Array.from(core.arena.i8(chain.lattice, workspace.nSites)); // copy before the scope frees it
 * });
 * ```
 */
export class IsingChain {
  /** Pointer to the nSites i8 spins (+1 / -1), row-major. */
  readonly lattice: number;
  /** Pointer to the chain's RNG state (RNG_STATE_BYTES). */
  readonly rng: number;
  private readonly clusterStack: number;
  private readonly wolffThreshold: number;
  private readonly acceptance: [number, number];

  /**
   * Allocates the chain's buffers from the arena and starts it hot (random spins).
   *
   * @param core - The loaded kernels.
   * @param workspace - The shared neighbour table of this lattice size (allocWorkspace).
   * @param coupling - K = J / kT (> 0).
   * @param algorithm - The update.
   * @param seed - Integer seed in [0, 2^53).
   * @param stream - Which stream of the seed this chain draws from (chains of one run use 0, 1, ...).
   */
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

  /**
   * Runs `count` updates now, on the calling thread.
   *
   * @param count - Updates (cluster flips or sweeps).
   * @returns Spins flipped in all.
   */
  update(count: number): number {
    return runCalls(this.core, [this.updateCall(count)])[0]!;
  }

  /**
   * Stores nRecords records `spacing` updates apart, now, on the calling thread.
   *
   * @param spacing - Updates before each record.
   * @param nRecords - Records to write.
   * @param out - Where they go.
   * @returns Spins flipped in all.
   */
  record(spacing: number, nRecords: number, out: RecordBuffers): number {
    return runCalls(this.core, [this.recordCall(spacing, nRecords, out)])[0]!;
  }

  /**
   * `count` updates, as a call for a thread team; its result is the number of spins flipped.
   *
   * @param count - Updates.
   * @returns The call (not yet run).
   */
  updateCall(count: number): KernelCall {
    const w = this.workspace;
    if (this.algorithm === "wolff") {
      return { kernel: "wolffUpdates", args: [this.lattice, w.neighborTable, w.nSites, this.clusterStack, this.rng, this.wolffThreshold, count] };
    }
    return { kernel: "metropolisSweeps", args: [this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance, count] };
  }

  /**
   * nRecords records `spacing` updates apart, as a call for a thread team; its result is the number of spins flipped.
   *
   * @param spacing - Updates before each record.
   * @param nRecords - Records to write.
   * @param out - Where they go.
   * @returns The call (not yet run).
   */
  recordCall(spacing: number, nRecords: number, out: RecordBuffers): KernelCall {
    const w = this.workspace;
    const records = [spacing, nRecords, out.configs, out.energy, out.magnetization] as const;
    if (this.algorithm === "wolff") {
      return { kernel: "wolffRecord", args: [this.lattice, w.neighborTable, w.nSites, this.clusterStack, this.rng, this.wolffThreshold, ...records] };
    }
    return { kernel: "metropolisRecord", args: [this.lattice, w.neighborTable, w.size, this.rng, ...this.acceptance, ...records] };
  }

}
