// The body of a kernel worker, as source text: a worker instantiates the
// kernel module on the shared memory and then serves phases posted through
// the control block (see pool.ts for the layout) until told to stop. It is
// a string rather than a module file so that the same text runs as a Node
// worker (eval) and as a browser Web Worker (Blob URL) without a bundler
// having to find and rewrite a second entry point.

import { CONTROL, FAILURE_CHARS } from "./protocol.js";

/** Everything a worker needs; structured-cloneable (Module and shared Memory are shareable). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  kernels: readonly string[];
  spin: number;
}

const body = `
function blockspinWorker(init) {
  const C = ${JSON.stringify(CONTROL)};
  const ctl = new Int32Array(init.control);
  const f64 = new Float64Array(init.control);
  const failureText = new Uint16Array(init.control, init.control.byteLength - ${FAILURE_CHARS * 2}, ${FAILURE_CHARS});
  let fns;
  try {
    const instance = new WebAssembly.Instance(init.module, { env: {
      memory: init.memory,
      abort(message, file, line, column) { throw new Error("wasm abort at line " + line + ":" + column); },
    } });
    fns = init.kernels.map((name) => instance.exports[name]);
  } catch (error) {
    Atomics.add(ctl, C.failed, 1);
    Atomics.notify(ctl, C.failed);
    return;
  }
  let seen = Atomics.load(ctl, C.seq);
  Atomics.add(ctl, C.ready, 1);
  Atomics.notify(ctl, C.ready);
  const args = [];
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, C.seq) === seen) {
      if (++spins >= init.spin) { Atomics.wait(ctl, C.seq, seen); spins = 0; }
    }
    seen = Atomics.load(ctl, C.seq);
    if (Atomics.load(ctl, C.stop) !== 0) return;
    let p = C.slotBase + init.index * C.slotDoubles;
    let id = -1;
    try {
      const calls = f64[p++];
      for (let c = 0; c < calls; c++) {
        const at = p;
        id = f64[p++];
        const count = f64[p++];
        args.length = count;
        for (let a = 0; a < count; a++) args[a] = f64[p++];
        const result = fns[id].apply(null, args);
        f64[at] = typeof result === "number" ? result : 0; // the call's result replaces its kernel id
      }
    } catch (error) {
      // The first failure of the phase passes back its kernel and message; the host throws with both.
      if (Atomics.compareExchange(ctl, C.error, 0, id >= 0 ? id + 1 : -1) === 0) {
        const message = String(error && error.message !== undefined ? error.message : error).slice(0, ${FAILURE_CHARS});
        for (let i = 0; i < message.length; i++) failureText[i] = message.charCodeAt(i);
        Atomics.store(ctl, C.errorLength, message.length);
      }
    }
    if (Atomics.sub(ctl, C.pending, 1) === 1) Atomics.notify(ctl, C.pending);
  }
}
`;

/** Node: `new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: init })`. */
export const NODE_WORKER_SOURCE = `${body}
blockspinWorker(process.getBuiltinModule("worker_threads").workerData);
`;

/** Browsers: a classic Web Worker from a Blob URL, sent the init object as its first message. */
export const BROWSER_WORKER_SOURCE = `${body}
self.onmessage = (event) => { self.onmessage = null; blockspinWorker(event.data); };
`;
