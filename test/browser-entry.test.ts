// The library entry is browser-safe: it bundles for the browser with no
// Node built-in, finds its wasm through import.meta.url, and samples in
// real headless Chromium served over http.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "./support/chromium.js";

const ROOT = new URL("..", import.meta.url).pathname;
const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

describe("the browser-safe library entry", () => {
  let site = "";
  let server: Server;
  let origin = "";

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), "blockspin-browser-"));
    // Same relative layout as the package: dist/<entry>.js next to build/blockspin.wasm.
    mkdirSync(join(site, "build"));
    copyFileSync(join(ROOT, "build", "blockspin.wasm"), join(site, "build", "blockspin.wasm"));
    await build({
      entryPoints: [join(ROOT, "src", "index.ts")], bundle: true, format: "esm", platform: "browser",
      outfile: join(site, "src", "index.js"), logLevel: "silent",
    });
    const page = `<!doctype html><link rel="icon" href="data:,"><script type="module">
import { loadCore, sampleIsing } from "./src/index.js";
const core = await loadCore();
const result = sampleIsing(core, { size: 8, coupling: 0.3, count: 200, seed: 3, algorithm: "wolff", chains: 2 });
window.blockspinResult = { energy: result.stats.energyPerSpin.mean, first: Array.from(result.configs.slice(0, 64)) };
</script>`;
    server = createServer((request, response) => {
      const path = request.url === "/" ? "/index.html" : request.url!;
      try {
        const body = path === "/index.html" ? page : readFileSync(join(site, path));
        response.writeHead(200, { "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("bundles for the browser without any Node built-in", () => {
    const bundle = readFileSync(join(site, "src", "index.js"), "utf8");
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["'](fs|path|node:)/);
    expect(bundle).toContain("import.meta.url");
  });

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping the library in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("samples the same bytes in Chromium as in Node", async () => {
    const { loadCore, sampleIsing } = await import("../src/index.js");
    const node = sampleIsing(await loadCore(), { size: 8, coupling: 0.3, count: 200, seed: 3, algorithm: "wolff", chains: 2 });
    const browser = await launchChromium(chromium.path!);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(origin);
      await page.waitForFunction(() => "blockspinResult" in window, undefined, { timeout: 30_000 });
      const result = await page.evaluate(() => (window as unknown as { blockspinResult: { energy: number; first: number[] } }).blockspinResult);
      expect(errors).toEqual([]);
      expect(result.first).toEqual(Array.from(node.configs.slice(0, 64)));
      expect(result.energy).toBe(node.stats.energyPerSpin.mean);
    } finally {
      await browser.close();
    }
  });
});
