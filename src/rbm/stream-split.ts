// Bernoulli sampling of a rows x nCols probability matrix on every thread of
// a team, each thread drawing its own columns, with exactly the numbers one
// thread drawing the whole matrix in index order would make (the same
// parameters for any thread count). Thread t's columns [first, end) take
// their numbers from the Gibbs stream jumped ahead to element (0, first),
// skipping the other threads' nCols - (end - first) elements between rows
// (assembly/rng-jump.ts); the stream then continues from where the last
// thread's draws end. The jump matrices depend only on the split, so they
// are made once per layer.

import type { Core } from "../wasm.js";
import type { KernelCall, Team } from "../threads/pool.js";
import { splitRange } from "../threads/pool.js";

/** Bytes of one jump matrix (128 x 128 bits). */
const MATRIX_BYTES = 2048;
/** Kernel memory per thread: its two matrices, then its stream. */
const THREAD_BYTES = 2 * MATRIX_BYTES + 16;

/** Kernel memory a StreamSplit over `threads` threads needs. */
export function streamSplitBytes(threads: number): number {
  return threads * THREAD_BYTES;
}

/** One thread's columns and the kernel-memory pointers of its jumps and its stream. */
interface ThreadColumns {
  first: number;
  end: number;
  /** The matrix of `first` steps (0 for the first thread, which draws from the stream itself). */
  start: number;
  /** The matrix of nCols - (end - first) steps, taken between rows. */
  skip: number;
  /** The thread's copy of the stream. */
  stream: number;
}

/** The draws of a rows x nCols matrix split by columns across a team (see the file header). */
export class StreamSplit {
  private readonly threads: ThreadColumns[];
  /** The thread whose draws end the matrix (the last one with columns): the stream continues from its. */
  private readonly last?: ThreadColumns;

  /**
   * `memory`: streamSplitBytes(team.size) bytes of kernel memory; `align`: the column split's alignment (the caller's
   * own split of the matrix, so a thread samples the columns it computed).
   */
  constructor(core: Core, team: Team, private readonly nCols: number, align: number, memory: number) {
    const k = core.kernels;
    this.threads = [];
    core.arena.scoped(() => {
      const scratch = core.arena.alloc(k.rngJumpScratchBytes());
      for (let t = 0; t < team.size; t++) {
        const [first, end] = splitRange(nCols, team.size, t, align);
        const at = memory + t * THREAD_BYTES;
        const columns: ThreadColumns = { first, end, start: at, skip: at + MATRIX_BYTES, stream: at + 2 * MATRIX_BYTES };
        if (end > first) {
          k.rngJumpMatrix(first, columns.start, scratch);
          k.rngJumpMatrix(nCols - (end - first), columns.skip, scratch);
        }
        this.threads.push(columns);
      }
    });
    this.last = this.threads.filter((columns) => columns.end > columns.first).at(-1);
  }

  /**
   * Before the phase that samples: every thread's stream jumped to its first column from the stream at `rng` (which
   * stands at element (0, 0)).
   */
  prepare(core: Core, rng: number): void {
    for (const columns of this.threads) {
      if (columns.end > columns.first) core.kernels.rngJump(rng, columns.start, columns.stream);
    }
  }

  /** Thread t's draws of `rows` rows of prob into out (u8 or f32 states), for its own call list. */
  calls(t: number, kernel: "rbmBernoulliU8Columns" | "rbmBernoulliF32Columns", prob: number, rows: number, out: number): KernelCall[] {
    const columns = this.threads[t]!;
    if (columns.end <= columns.first) return [];
    return [{ kernel, args: [prob, rows, this.nCols, columns.first, columns.end, columns.stream, columns.skip, out] }];
  }

  /** After the phase: the stream at `rng` continues from the end of the last thread's draws. */
  finish(core: Core, rng: number): void {
    if (this.last) core.arena.u32(rng, 4).set(core.arena.u32(this.last.stream, 4));
  }
}
