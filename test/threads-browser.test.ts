// Threads in a real browser: a cross-origin-isolated page (COOP/COEP
// headers) starts Web Workers with startThreads() and trains on 2 threads
// from its main thread (which spins instead of blocking); the parameters
// equal Node's single-threaded ones bit for bit. A page without isolation
// falls back to one thread and still gets the same bits.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "./support/chromium.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

const PAGE = `<!doctype html><link rel="icon" href="data:,"><script type="module">
import { loadCore, startThreads, trainLayer, rbmDefaults } from "./src/index.js";
const core = await loadCore();
const threads = await startThreads(core, 2);
let s = 7;
const values = new Uint8Array(300 * 256).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 1);
const train = { kind: "binary", nSamples: 300, nVisible: 256, values };
const options = { ...rbmDefaults(), nHidden: 32, epochs: 2, batchSize: 50 };
const result = trainLayer(core, { layer: 1, seed: 4, options, train, monitorSamples: 20, threads: 2 });
window.blockspinResult = { threads, shared: core.sharedMemory, weights: Array.from(new Uint32Array(result.parameters.weights.buffer)) };
</script>`;

function nodeReference(): Promise<number[]> {
  return (async () => {
    const { loadCore, trainLayer, rbmDefaults } = await import("../src/index.js");
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
  let site = "";
  let server: Server;
  let origin = "";

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), "blockspin-threads-browser-"));
    mkdirSync(join(site, "build"));
    copyFileSync(join(ROOT, "build", "blockspin.wasm"), join(site, "build", "blockspin.wasm"));
    await build({
      entryPoints: [join(ROOT, "src", "index.ts")], bundle: true, format: "esm", platform: "browser",
      outfile: join(site, "src", "index.js"), logLevel: "silent",
    });
    server = createServer((request, response) => {
      const url = new URL(request.url!, "http://localhost");
      const path = url.pathname === "/" ? "/index.html" : url.pathname;
      const isolated = url.searchParams.has("isolated") || request.headers.referer?.includes("isolated");
      const headers: Record<string, string> = isolated
        ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" }
        : {};
      try {
        const body = path === "/index.html" ? PAGE : readFileSync(join(site, path));
        response.writeHead(200, { "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream", ...headers }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

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
        await page.goto(`${origin}/${query}`);
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
