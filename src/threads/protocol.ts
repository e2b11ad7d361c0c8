// Layout of the control block shared by the main thread and the kernel
// workers: a SharedArrayBuffer read as Int32 (header words), as Float64
// (per-thread call lists) and as Uint16 (the failure message). Thread t's
// slot holds
//   [number of calls, then per call: kernel id, argument count, arguments...]
// with kernel ids indexing kernelNames(module), the module's own export list
// (the names and signatures themselves live in src/kernels.ts).

export const CONTROL = {
  /** Int32 index: bumped once per phase; workers wait on it. */
  seq: 0,
  /** Int32 index: workers still busy with the current phase; the main thread waits on it. */
  pending: 1,
  /** Int32 index: non-zero tells workers to exit. */
  stop: 2,
  /** Int32 index: workers that instantiated the module. */
  ready: 3,
  /** Int32 index: workers that could not. */
  failed: 4,
  /** Int32 index: 1 + the id of the first kernel that threw on a worker in this phase (0: none; -1: before any call). */
  error: 5,
  /** Int32 index: UTF-16 units of that failure's message, stored in the block's last FAILURE_CHARS units. */
  errorLength: 6,
  /** Float64 index of thread 0's slot (header is 64 bytes). */
  slotBase: 8,
  /**
   * Float64 values per thread slot: room for ~80 calls of ~10 arguments (the trainer's row-blocked update issues
   * up to 16 blocks of four calls), 8 KB a thread.
   */
  slotDoubles: 1024,
} as const;

/** Longest failure message passed back from a worker (UTF-16 units; longer ones are cut). */
export const FAILURE_CHARS = 512;

/** The kernels a call may name, in the order their ids count: the module's function exports. */
export function kernelNames(module: WebAssembly.Module): string[] {
  return WebAssembly.Module.exports(module).filter((entry) => entry.kind === "function").map((entry) => entry.name);
}

/** Bytes of the control block for `threads` threads: header, slots, then the failure message. */
export function controlBytes(threads: number): number {
  return (CONTROL.slotBase + threads * CONTROL.slotDoubles) * 8 + FAILURE_CHARS * 2;
}
