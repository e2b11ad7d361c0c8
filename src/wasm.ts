// Loads the one kernel module for Node and browsers alike. The .wasm is
// located with import.meta.url (bundlers such as Vite rewrite this pattern
// into an asset URL) and instantiated with the plain WebAssembly API: the
// kernels exchange only numbers and pointers, so neither the deprecated
// @assemblyscript/loader nor generated glue is needed.
//
// The module imports a *shared* memory (AssemblyScript's threads feature,
// --sharedMemory) so that worker threads (src/threads/) can instantiate the
// same module on the same memory. Where shared memory cannot be made (a
// browser page without cross-origin isolation), the memory import's limits
// flag is patched from shared to unshared in the bytes before compiling: the
// code is the same, only the import type changes, and training runs on one
// thread.

import type { Kernels } from "./kernels.js";
import { Arena } from "./arena.js";
import { debugLog } from "./threads/debug.js";

/** Where loadCore finds the baseline kernel module (beside the package's dist/, in build/). */
export const WASM_URL = new URL("../build/blockspin.wasm", import.meta.url);
/** The same kernels built with relaxed SIMD (f32x4.relaxed_madd, i.e. FMA, in the GEMM and dot-product loops). */
export const RELAXED_WASM_URL = new URL("../build/blockspin.relaxed.wasm", import.meta.url);

/** Which kernel build: baseline SIMD (bit-identical everywhere) or relaxed SIMD (FMA, faster, last bits vary by CPU). */
export type SimdBuild = "baseline" | "relaxed";

/** (func (param v128 v128 v128) (result v128) f32x4.relaxed_madd): validates iff relaxed SIMD is enabled. */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0,
  10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
]);

/**
 * Whether this engine accepts relaxed SIMD (Chrome 114+, Firefox 146+, Node >= 22;
 * Node 20 only with --experimental-wasm-relaxed-simd). Never throws.
 *
 * @returns true when `loadCore({ simd: "relaxed" })` can load the relaxed build.
 */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

const PAGE_BYTES = 65536;
/** 4 GiB, the wasm32 limit; growth is explicit and views are re-made after it. */
const MAX_PAGES = 65536;

/** The loaded kernels: one WebAssembly instance, its memory and the arena that lays out buffers in it. */
export interface Core {
  /** The module's exported functions (see `blockspin/core`'s Kernels): pointers are byte offsets into `memory`. */
  readonly kernels: Kernels;
  /** The kernels' linear memory (shared when `sharedMemory`); it grows on demand, which detaches earlier views. */
  readonly memory: WebAssembly.Memory;
  /** The bump allocator that lays out buffers in `memory` (stack discipline: scoped, or mark and release). */
  readonly arena: Arena;
  /** The compiled module, for worker threads that instantiate it on the same memory. */
  readonly module: WebAssembly.Module;
  /** Whether memory is a shared WebAssembly.Memory (a precondition for threads). */
  readonly sharedMemory: boolean;
  /** Which build runs: baseline SIMD (bit-reproducible everywhere) or relaxed SIMD (FMA; tolerance in docs/cli.md, "Threads, SIMD builds and exit codes"). */
  readonly simd: SimdBuild;
}

/** Options of loadCore. */
export interface LoadOptions {
  /**
   * Compiled module or raw bytes; default: fetched from WASM_URL. A compiled
   * module must import shared memory (as build/blockspin.wasm does), so it
   * needs shared memory support; bytes work everywhere.
   */
  wasm?: WebAssembly.Module | BufferSource;
  /** Use a shared memory when the platform allows it (default true); false forces an unshared one (no threads). */
  sharedMemory?: boolean;
  /**
   * Which kernel build to load when `wasm` is not given: "baseline" (default;
   * results are bit-identical on every engine), "relaxed" (FMA; throws if the
   * engine lacks relaxed SIMD) or "auto" (relaxed where supported). With
   * `wasm`, says which build those bytes are.
   */
  simd?: SimdBuild | "auto";
}

interface ProcessWithBuiltins {
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * Reads a file: URL without importing a Node built-in (so bundlers never see
 * one): Node >= 20.16 exposes process.getBuiltinModule. fetch() cannot read
 * file: URLs in Node.
 */
function readFileUrl(url: URL): Uint8Array<ArrayBuffer> {
  const proc = (globalThis as { process?: ProcessWithBuiltins }).process;
  const fs = proc?.getBuiltinModule?.("fs") as { readFileSync(u: URL): Uint8Array<ArrayBuffer> } | undefined;
  if (!fs) throw new Error(`cannot read ${url.href}: no fetch for file: URLs and no Node fs`);
  return fs.readFileSync(url);
}

async function fetchBytes(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  if (url.protocol === "file:") return readFileUrl(url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot fetch ${url.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function chooseBuild(requested: LoadOptions["simd"]): SimdBuild {
  if (requested === "baseline" || requested === undefined) return "baseline";
  const supported = relaxedSimdSupported();
  if (requested === "relaxed" && !supported) {
    throw new Error("relaxed SIMD is not available in this engine (Node 20: run with --experimental-wasm-relaxed-simd)");
  }
  if (!supported) debugLog("relaxed SIMD unavailable; using the baseline SIMD build");
  return supported ? "relaxed" : "baseline";
}

/**
 * Whether this realm can create a shared WebAssembly.Memory (a browser page
 * needs cross-origin isolation for it).
 *
 * @returns true when a shared memory, and so threads, are possible here.
 */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error("truncated wasm module");
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

/**
 * A copy of the module bytes whose memory import is unshared (limits flag
 * 0x03 -> 0x01, same length). Only the import section is parsed.
 */
export function unsharedMemoryImport(source: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(source);
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const [size, body] = readLeb(bytes, at);
    if (id === 2) {
      let [count, p] = readLeb(bytes, body);
      for (; count > 0; count--) {
        let length: number;
        [length, p] = readLeb(bytes, p); p += length; // module name
        [length, p] = readLeb(bytes, p); p += length; // field name
        const kind = bytes[p++];
        if (kind === 0) [, p] = readLeb(bytes, p);
        else if (kind === 1) { p++; const flag = bytes[p++]!; [, p] = readLeb(bytes, p); if (flag & 1) [, p] = readLeb(bytes, p); }
        else if (kind === 2) {
          if (bytes[p] === 0x03) bytes[p] = 0x01;
          return bytes;
        } else if (kind === 3) p += 2;
        else throw new Error(`unexpected wasm import kind ${kind}`);
      }
      return bytes;
    }
    at = body + size;
  }
  return bytes;
}

function readAbortMessage(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return "";
  const bytes = new Uint8Array(memory.buffer);
  const length = new Uint32Array(memory.buffer, ptr - 4, 1)[0]! >>> 1;
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[ptr + 2 * i]! | (bytes[ptr + 2 * i + 1]! << 8));
  return text;
}

/**
 * Instantiates the kernels on a fresh memory with its own arena. In Node the
 * .wasm is read from the package's build/ directory; in a browser it is
 * fetched from the URL a bundler made of WASM_URL (or pass the bytes).
 *
 * @param options - Which build, which bytes, and whether to use shared memory; all optional.
 * @returns A ready Core. Cores are independent: each has its own memory and arena.
 * @throws Error when `simd: "relaxed"` is asked for and the engine lacks relaxed SIMD,
 *   or a precompiled module is given where shared memory is unavailable.
 *
 * @example
 * ```ts
 * const core = await loadCore({ simd: "auto" });
 * console.log(core.simd, core.sharedMemory);
 * ```
 */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const sharedMemory = options.sharedMemory !== false && sharedMemorySupported();
  let module: WebAssembly.Module;
  const simd = options.wasm ? (options.simd === "relaxed" ? "relaxed" : "baseline") : chooseBuild(options.simd);
  if (options.wasm instanceof WebAssembly.Module) {
    if (!sharedMemory) throw new Error("a precompiled module needs shared WebAssembly memory here; pass the wasm bytes instead");
    module = options.wasm;
  } else {
    const source = options.wasm ?? await fetchBytes(simd === "relaxed" ? RELAXED_WASM_URL : WASM_URL);
    const bytes = source instanceof Uint8Array ? source
      : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
        : new Uint8Array(source);
    module = await WebAssembly.compile(sharedMemory ? bytes : unsharedMemoryImport(bytes));
  }
  const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: sharedMemory });
  const imports = {
    env: {
      memory,
      abort(messagePtr: number, filePtr: number, line: number, column: number): never {
        const where = `${readAbortMessage(memory, filePtr)}:${line}:${column}`;
        throw new Error(`wasm abort: ${readAbortMessage(memory, messagePtr)} at ${where}`);
      },
    },
  };
  const instance = await WebAssembly.instantiate(module, imports);
  const kernels = instance.exports as unknown as Kernels;
  return { kernels, memory, arena: new Arena(memory, kernels.heapBase(), PAGE_BYTES), module, sharedMemory, simd };
}

let shared: Promise<Core> | undefined;

/**
 * One lazily loaded core per JS realm, for callers that do not manage their own.
 *
 * @returns The same promise on every call: `loadCore()` with the default options, made on first use.
 */
export function defaultCore(): Promise<Core> {
  shared ??= loadCore();
  return shared;
}
