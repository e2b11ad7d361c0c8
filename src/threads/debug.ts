// Debug output of the core (thread and SIMD-build choices): console.debug in
// browsers; in Node only with BLOCKSPIN_DEBUG=1 or NODE_DEBUG=blockspin, on
// stderr, so CLI output stays clean.

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
  env?: Record<string, string | undefined>;
}

const processLike = (globalThis as { process?: ProcessLike }).process;

export function debugLog(message: string): void {
  if (processLike?.getBuiltinModule) {
    const env = processLike.env ?? {};
    if (env["BLOCKSPIN_DEBUG"] || /\bblockspin\b/.test(env["NODE_DEBUG"] ?? "")) console.error(`blockspin: ${message}`);
  } else {
    console.debug(`blockspin: ${message}`);
  }
}

