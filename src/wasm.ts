// Loads the one kernel module for Node and browsers alike. The .wasm is
// located with import.meta.url (bundlers such as Vite rewrite this pattern
// into an asset URL) and instantiated with the plain WebAssembly API: the
// kernels exchange only numbers and pointers, so neither the deprecated
// @assemblyscript/loader nor generated glue is needed.

import type { Kernels } from "./kernels.js";
import { Arena } from "./arena.js";

export const WASM_URL = new URL("../build/blockspin.wasm", import.meta.url);

const PAGE_BYTES = 65536;
/** 4 GiB, the wasm32 limit; growth is explicit and views are re-made after it. */
const MAX_PAGES = 65536;

export interface Core {
  readonly kernels: Kernels;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
}

export interface LoadOptions {
  /** Compiled module or raw bytes; default: fetched from WASM_URL. */
  wasm?: WebAssembly.Module | BufferSource;
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

async function compileDefault(): Promise<WebAssembly.Module> {
  if (WASM_URL.protocol === "file:") return WebAssembly.compile(readFileUrl(WASM_URL));
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`cannot fetch ${WASM_URL.href}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === "function" &&
      response.headers.get("content-type")?.startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function readAbortMessage(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return "";
  const bytes = new Uint8Array(memory.buffer);
  const length = new Uint32Array(memory.buffer, ptr - 4, 1)[0]! >>> 1;
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[ptr + 2 * i]! | (bytes[ptr + 2 * i + 1]! << 8));
  return text;
}

/** Instantiates the kernels on a fresh memory with its own arena. */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const module = options.wasm instanceof WebAssembly.Module
    ? options.wasm
    : options.wasm ? await WebAssembly.compile(options.wasm) : await compileDefault();
  const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES });
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
  return { kernels, memory, arena: new Arena(memory, kernels.heapBase(), PAGE_BYTES) };
}

let shared: Promise<Core> | undefined;

/** One lazily loaded core per JS realm, for callers that do not manage their own. */
export function defaultCore(): Promise<Core> {
  shared ??= loadCore();
  return shared;
}
