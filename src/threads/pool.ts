// A pool of kernel workers over the core's one shared WebAssembly.Memory,
// and Team, the handle training code uses to run a phase on n threads.
//
// A phase is a list of kernel calls per thread (thread 0 is the calling
// thread). The caller writes the other threads' lists into the control
// block, bumps a sequence number and wakes the workers, runs its own list,
// then waits until the pending count drops to zero. Waiting spins briefly
// before falling back to Atomics.wait, so a phase costs microseconds rather
// than a futex round trip. Where the calling thread may not block (a
// browser's main thread) it only spins.
//
// Workers are created with worker_threads in Node (found through
// process.getBuiltinModule, so this file imports no Node built-in) and with
// Web Workers from a Blob URL elsewhere. Node workers start synchronously
// enough to be waited for with Atomics.wait, so threadTeam() can create them
// on demand; in a browser call startThreads() (async) first. Where shared
// memory or workers are unavailable, everything runs on one thread and a
// debug line says why (console.debug in browsers; in Node set
// BLOCKSPIN_DEBUG=1).

import type { Core } from "../wasm.js";
import type { Kernels } from "../kernels.js";
import { CONTROL, FAILURE_CHARS, controlBytes, kernelNames } from "./protocol.js";
import { debugLog } from "./debug.js";
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE, type WorkerInit } from "./worker-source.js";

/** A kernel that may run on a worker: every export of the module but heapBase. */
export type ParallelKernel = Exclude<keyof Kernels, "heapBase">;

/**
 * One kernel call for a phase: its name and arguments, typed from the
 * Kernels interface, so a wrong argument count or order does not compile.
 */
export type KernelCall = {
  [K in ParallelKernel]: {
    /** The kernel's name. */
    kernel: K;
    /** Its arguments, in order (pointers are byte offsets into Core.memory). */
    args: Parameters<Kernels[K]>;
  };
}[ParallelKernel];

/** Busy-wait iterations before sleeping (a few tens of microseconds). */
const WORKER_SPIN = 20_000;
const MAIN_SPIN = 200_000;
const START_TIMEOUT_MS = 30_000;

interface WorkerHandle {
  terminate(): void;
}

interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => WorkerHandle & {
    unref(): void;
    on(event: "error", listener: (error: unknown) => void): void;
  };
}

const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;

/** Whether this thread may block in Atomics.wait (false on a browser's main thread). */
function mayBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, CONTROL.error, 12345, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why workers cannot be used here, or undefined if they can.
 *
 * @param core - The loaded kernels (their memory must be shared).
 * @returns A sentence naming the obstacle (unshared memory, no cross-origin isolation, no Worker), or undefined.
 */
export function threadsUnavailableReason(core: Core): string | undefined {
  if (!core.sharedMemory) return "the WebAssembly memory is not shared (no SharedArrayBuffer or cross-origin isolation)";
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return "the page is not cross-origin isolated";
  if (!nodeWorkerThreads() && typeof Worker !== "function") return "no Worker constructor";
  return undefined;
}

function nodeWorkerThreads(): NodeWorkerThreads | undefined {
  return processLike?.getBuiltinModule?.("worker_threads") as NodeWorkerThreads | undefined;
}

export class ThreadPool {
  private readonly control: SharedArrayBuffer;
  private readonly ctl: Int32Array;
  private readonly f64: Float64Array;
  private readonly canBlock: boolean;
  private readonly workers: WorkerHandle[] = [];
  private readonly kernels: string[];
  private readonly kernelId: Map<string, number>;
  private closed = false;

  /** Spawns `workers` workers; they become usable once ready() reports them. */
  private constructor(private readonly core: Core, workers: number) {
    this.control = new SharedArrayBuffer(controlBytes(workers + 1));
    this.ctl = new Int32Array(this.control);
    this.f64 = new Float64Array(this.control);
    this.canBlock = mayBlock(this.ctl);
    this.kernels = kernelNames(core.module);
    this.kernelId = new Map(this.kernels.map((name, id) => [name, id]));
    const node = nodeWorkerThreads();
    for (let index = 1; index <= workers; index++) {
      const init: WorkerInit = {
        module: core.module, memory: core.memory, control: this.control, index, kernels: this.kernels, spin: WORKER_SPIN,
      };
      if (node) {
        const worker = new node.Worker(NODE_WORKER_SOURCE, { eval: true, workerData: init });
        worker.unref();
        worker.on("error", (error) => debugLog(`worker ${index} failed: ${String(error)}`));
        this.workers.push(worker);
      } else {
        const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: "text/javascript" }));
        const worker = new Worker(url);
        worker.postMessage(init);
        URL.revokeObjectURL(url);
        this.workers.push(worker);
      }
    }
  }

  /** Threads including the caller; valid once started. */
  get size(): number {
    return this.workers.length + 1;
  }

  private settled(): number {
    return Atomics.load(this.ctl, CONTROL.ready) + Atomics.load(this.ctl, CONTROL.failed);
  }

  /** Node: creates the workers and blocks until they are ready. */
  static startSync(core: Core, workers: number): ThreadPool {
    const pool = new ThreadPool(core, workers);
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (let seen = pool.settled(); seen < workers; seen = pool.settled()) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(pool.ctl, CONTROL.ready, Atomics.load(pool.ctl, CONTROL.ready), Math.min(left, 50));
    }
    return pool.checkStarted();
  }

  /** Anywhere (browsers included): creates the workers and resolves when they are ready. */
  static async start(core: Core, workers: number): Promise<ThreadPool> {
    const pool = new ThreadPool(core, workers);
    const deadline = performance.now() + START_TIMEOUT_MS;
    while (pool.settled() < workers && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return pool.checkStarted();
  }

  private checkStarted(): ThreadPool {
    const ready = Atomics.load(this.ctl, CONTROL.ready);
    if (ready < this.workers.length || Atomics.load(this.ctl, CONTROL.failed) > 0) {
      this.close();
      throw new Error(`only ${ready} of ${this.workers.length} kernel workers started`);
    }
    return this;
  }

  /**
   * Runs calls[t] on thread t (calls[0] on the caller) and returns when all
   * are done, with each call's numeric result (0 for kernels that return nothing).
   */
  run(calls: readonly (readonly KernelCall[])[]): number[][] {
    if (this.closed) throw new Error("thread pool is closed");
    if (calls.length > this.size) throw new RangeError(`phase for ${calls.length} threads on a pool of ${this.size}`);
    const { ctl, f64 } = this;
    const resultAt: number[][] = [[]];
    for (let t = 1; t < this.size; t++) {
      let p = CONTROL.slotBase + t * CONTROL.slotDoubles;
      const list = calls[t] ?? [];
      const positions: number[] = [];
      resultAt.push(positions);
      f64[p++] = list.length;
      for (const call of list) {
        positions.push(p);
        f64[p++] = this.kernelId.get(call.kernel)!;
        f64[p++] = call.args.length;
        for (const arg of call.args) f64[p++] = arg;
      }
      if (p > CONTROL.slotBase + (t + 1) * CONTROL.slotDoubles) throw new RangeError("too many kernel calls in one phase");
    }
    Atomics.store(ctl, CONTROL.pending, this.size - 1);
    Atomics.add(ctl, CONTROL.seq, 1);
    Atomics.notify(ctl, CONTROL.seq);
    let failure: { error: unknown } | undefined;
    let callerResults: number[] = [];
    try {
      callerResults = runCalls(this.core, calls[0] ?? []);
    } catch (error) {
      failure = { error };
    }
    let spins = 0;
    for (let pending = Atomics.load(ctl, CONTROL.pending); pending !== 0; pending = Atomics.load(ctl, CONTROL.pending)) {
      if (this.canBlock && ++spins >= MAIN_SPIN) {
        Atomics.wait(ctl, CONTROL.pending, pending, 1000);
        spins = 0;
      }
    }
    if (failure) throw failure.error;
    const failedKernel = Atomics.exchange(ctl, CONTROL.error, 0);
    if (failedKernel !== 0) throw new Error(this.workerFailure(failedKernel));
    return [callerResults, ...resultAt.slice(1).map((positions) => positions.map((at) => f64[at]!))];
  }

  /** "kernel rbmSigmoid failed on a worker thread: <its message>", from the control block's failure fields. */
  private workerFailure(errorWord: number): string {
    const length = Math.min(Atomics.load(this.ctl, CONTROL.errorLength), FAILURE_CHARS);
    const text = new Uint16Array(this.control, this.control.byteLength - FAILURE_CHARS * 2, length);
    const message = String.fromCharCode(...text);
    const kernel = errorWord > 0 ? `kernel ${this.kernels[errorWord - 1] ?? `#${errorWord - 1}`}` : "a kernel call";
    return `${kernel} failed on a worker thread: ${message}`;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctl, CONTROL.stop, 1);
    Atomics.add(this.ctl, CONTROL.seq, 1);
    Atomics.notify(this.ctl, CONTROL.seq);
    for (const worker of this.workers) worker.terminate();
  }
}

/** Runs calls on the calling thread, in order; each call's numeric result (0 for kernels that return nothing). */
export function runCalls(core: Core, calls: readonly KernelCall[]): number[] {
  return calls.map((call) => runCall(core.kernels, call));
}

/** One call's result; the cast is safe because KernelCall pairs each name with that kernel's own parameter list. */
function runCall(kernels: Kernels, call: KernelCall): number {
  return (kernels[call.kernel] as (...args: KernelCall["args"]) => number | void)(...call.args) ?? 0;
}

let processDefaultThreads = 1;

/**
 * Thread count used when a training or sampling call does not give one: 1 unless set (the CLI sets its --threads).
 *
 * @returns The count last given to setDefaultThreads, or 1.
 */
export function defaultThreads(): number {
  return processDefaultThreads;
}

/**
 * Sets the thread count defaultThreads() returns; results never depend on it.
 *
 * @param threads - Integer >= 1.
 */
export function setDefaultThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be an integer >= 1, got ${threads}`);
  processDefaultThreads = threads;
}

const pools = new WeakMap<Core, ThreadPool>();
const warned = new WeakSet<Core>();

/**
 * Starts workers for up to `threads` threads in total, the calling thread
 * included (browsers: do this before training, since workers cannot start
 * while the trainer blocks the thread).
 *
 * @param core - The loaded kernels; the workers instantiate its module on its (shared) memory.
 * @param threads - Threads wanted in total (integer >= 1).
 * @returns The thread count now available: 1 when threads are unavailable
 *   (see threadsUnavailableReason), otherwise up to `threads`.
 *
 * @example
 * ```ts
 * const core = await loadCore();
 * const threads = await startThreads(core, navigator.hardwareConcurrency);
 * // ... train with { threads } ...
 * stopThreads(core);
 * ```
 */
export async function startThreads(core: Core, threads: number): Promise<number> {
  const want = Math.max(1, Math.floor(threads));
  const have = pools.get(core)?.size ?? 1;
  if (want <= have) return have;
  const reason = threadsUnavailableReason(core);
  if (reason) {
    debugLog(`using one thread: ${reason}`);
    return 1;
  }
  pools.get(core)?.close();
  pools.set(core, await ThreadPool.start(core, want - 1));
  return want;
}

/**
 * Stops the core's workers (they never keep a Node process alive anyway).
 *
 * @param core - The kernels whose workers to stop; a core without workers is left as it is.
 */
export function stopThreads(core: Core): void {
  pools.get(core)?.close();
  pools.delete(core);
}

/**
 * Threads that run phases: `threads` of them if the platform allows,
 * otherwise as many as are available (at least the caller). Results never
 * depend on the count; only speed does.
 *
 * @param core - The loaded kernels.
 * @param threads - Threads wanted, the calling one included (default 1).
 * @returns A Team of the size granted.
 */
export function threadTeam(core: Core, threads = 1): Team {
  const want = Math.max(1, Math.floor(threads));
  if (want === 1) return new Team(core, undefined, 1);
  let pool = pools.get(core);
  if ((pool?.size ?? 1) < want) {
    const reason = threadsUnavailableReason(core) ?? (nodeWorkerThreads() ? undefined : "workers must be started with startThreads() first here");
    if (reason) {
      if (!warned.has(core)) debugLog(`using ${pool?.size ?? 1} thread(s) instead of ${want}: ${reason}`);
      warned.add(core);
    } else {
      try {
        const next = ThreadPool.startSync(core, want - 1);
        pool?.close();
        pool = next;
        pools.set(core, pool);
        debugLog(`started ${want - 1} kernel worker(s)`);
      } catch (error) {
        debugLog(`using ${pool?.size ?? 1} thread(s) instead of ${want}: ${String(error)}`);
      }
    }
  }
  const size = Math.min(want, pool?.size ?? 1);
  return new Team(core, size > 1 ? pool : undefined, size);
}

/** A fixed number of threads for a run: phases split work by thread index. */
export class Team {
  /**
   * Made by threadTeam.
   *
   * @param size - Threads in the team, the calling one included; phases give work to threads 0..size - 1.
   * @internal
   */
  constructor(private readonly core: Core, private readonly pool: ThreadPool | undefined, readonly size: number) {}

  /**
   * Runs work(t) on every thread t < size; work builds the calls, it does not
   * run them. Returns each thread's call results, in call order.
   */
  run(work: (thread: number) => readonly KernelCall[]): number[][] {
    if (!this.pool) return [runCalls(this.core, work(0))];
    const calls: (readonly KernelCall[])[] = [];
    for (let t = 0; t < this.size; t++) calls.push(work(t));
    return this.pool.run(calls);
  }
}

/** [start, end) of part `part` of `count` items split into `parts` nearly equal runs whose bounds are multiples of `align`. */
export function splitRange(count: number, parts: number, part: number, align = 1): [start: number, end: number] {
  const units = Math.ceil(count / align);
  const bound = (k: number) => Math.min(count, Math.floor((units * k) / parts) * align);
  return [bound(part), bound(part + 1)];
}
