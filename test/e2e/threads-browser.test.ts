// Threads in a real browser: a cross-origin-isolated page (COOP/COEP
// headers) starts Web Workers with startThreads() and trains on 2 threads
// from its main thread (which spins instead of blocking); the parameters
// equal Node's single-threaded ones bit for bit. A page without isolation
// falls back to one thread and still gets the same bits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { serveLibrarySite, type LibrarySite } from "../support/library-site.js";

const PAGE = `
import { loadCore, startThreads, trainLayer, rbmDefaults } from "./src/index.js";
const core = await loadCore();
const threads = await startThreads(core, 2);
let s = 7;
const values = new Uint8Array(300 * 256).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 1);
const train = { kind: "binary", nSamples: 300, nVisible: 256, values };
const options = { ...rbmDefaults(), nHidden: 32, epochs: 2, batchSize: 50 };
const result = trainLayer(core, { layer: 1, seed: 4, options, train, monitorSamples: 20, threads: 2 });
window.blockspinResult = { threads, shared: core.sharedMemory, weights: Array.from(new Uint32Array(result.parameters.weights.buffer)) };
`;

function nodeReference(): Promise<number[]> {
  return (async () => {
    const { loadCore, trainLayer, rbmDefaults } = await import("../../src/index.js");
    const core = await loadCore();
    let s = 7;
    const values = new Uint8Array(300 * 256).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 1);
    const train = { kind: "binary" as const, nSamples: 300, nVisible: 256, values };
    const options = { ...rbmDefaults(), nHidden: 32, epochs: 2, batchSize: 50 };
    const result = trainLayer(core, { layer: 1, seed: 4, options, train, monitorSamples: 20, threads: 1 });
    return Array.from(new Uint32Array(result.parameters.weights.buffer));
  })();
}

describe("threads in Chromium", () => {
  let site: LibrarySite;

  beforeAll(async () => {
    site = await serveLibrarySite(PAGE);
  });

  afterAll(() => site?.close());

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping threads in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("trains on 2 Web Workers when isolated, on one thread otherwise, with Node's bits", async () => {
    const reference = await nodeReference();
    const browser = await launchChromium(chromium.path!);
    try {
      for (const [query, expectThreads] of [["?isolated", 2], ["", 1]] as const) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
        await page.goto(`${site.origin}/${query}`);
        await page.waitForFunction(() => "blockspinResult" in window, undefined, { timeout: 60_000 });
        const result = await page.evaluate(() =>
          (window as unknown as { blockspinResult: { threads: number; shared: boolean; weights: number[] } }).blockspinResult);
        expect(errors).toEqual([]);
        expect(result.threads).toBe(expectThreads);
        expect(result.weights).toEqual(reference);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
