// One Markov chain of close-packed dimers on the L x L torus in kernel
// memory: its bond occupations and RNG stream, plus the read-only exit table
// of its (V, T) shared between chains.

import type { Core } from "../../wasm.js";
import { allocStream } from "../../rng.js";
import { EXIT_TABLE_BYTES, exitTable, type ExitRule } from "./directed-loop.js";

/** i32 values dimerRecord writes per record: N_par, W_x, W_y, C_x, C_y. */
export const OBSERVABLES_PER_RECORD = 5;

/** Bytes of one (2, L, L) covering. */
export function coveringBytes(size: number): number {
  return 2 * size * size;
}

/**
 * The columnar covering with every dimer horizontal, on the bonds leaving
 * even columns: (2, L, L) bytes as the samples are laid out.
 */
export function columnarCovering(size: number): Uint8Array {
  const bonds = new Uint8Array(coveringBytes(size));
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x += 2) bonds[y * size + x] = 1;
  return bonds;
}

/** Allocates and fills the kernel's exit table for K = V / T (EXIT_TABLE_BYTES); returns its pointer. */
export function allocExitTable(core: Core, coupling: number, rule: ExitRule): number {
  const ptr = core.arena.alloc(EXIT_TABLE_BYTES);
  new BigUint64Array(core.memory.buffer, ptr, EXIT_TABLE_BYTES / 8).set(exitTable(coupling, rule));
  return ptr;
}

/** A chain of worm updates: one covering and one RNG stream (stream `stream` of `seed`), started columnar. */
export class DimerChain {
  /** Pointer to the chain's covering in the wasm memory: 2 L^2 bytes (coveringBytes), the bond layout of the sample files. */
  readonly bonds: number;
  /** Pointer to the chain's RNG state in the wasm memory. */
  readonly rng: number;

  /**
   * @param core - The loaded kernels.
   * @param size - Lattice side L (even).
   * @param exitTablePtr - The exit table (allocExitTable) at the chain's coupling.
   * @param seed - The seed.
   * @param stream - The chain's RNG stream of the seed.
   */
  constructor(
    private readonly core: Core,
    /** Lattice side L. */
    readonly size: number,
    private readonly exitTablePtr: number,
    seed: number,
    stream: number,
  ) {
    if (!Number.isInteger(size) || size < 2 || size % 2 !== 0) throw new RangeError(`lattice side must be an even integer >= 2, got ${size}`);
    this.bonds = core.arena.alloc(coveringBytes(size));
    core.arena.u8(this.bonds, coveringBytes(size)).set(columnarCovering(size));
    this.rng = allocStream(core, seed, stream);
  }

  /** Runs `count` worms; returns the pivot moves made. */
  worms(count: number): number {
    return this.core.kernels.dimerWorms(this.bonds, this.size, this.rng, this.exitTablePtr, count);
  }

  /**
   * nRecords records, `wormsPerRecord` worms apart: coverings at configsPtr
   * (2 L^2 bytes each; 0 to skip) and OBSERVABLES_PER_RECORD i32 each at
   * observablesPtr: N_par, W_x, W_y, C_x, C_y (the columnar order parameter
   * is M = 2 (C_x, C_y) / L^2). Returns the pivot moves made.
   */
  record(wormsPerRecord: number, nRecords: number, configsPtr: number, observablesPtr: number): number {
    return this.core.kernels.dimerRecord(
      this.bonds, this.size, this.rng, this.exitTablePtr, wormsPerRecord, nRecords, configsPtr, observablesPtr);
  }

  /** A copy of the current covering, (2, L, L) bytes. */
  covering(): Uint8Array {
    return Uint8Array.from(this.core.arena.u8(this.bonds, coveringBytes(this.size)));
  }
}
