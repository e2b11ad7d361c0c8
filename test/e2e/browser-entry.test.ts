// The library entry is browser-safe: it bundles for the browser with no
// Node built-in, finds its wasm through import.meta.url, and samples in
// real headless Chromium served over http.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { serveLibrarySite, type LibrarySite } from "../support/library-site.js";

const PAGE = `
import { loadCore, sampleIsing } from "./src/index.js";
const core = await loadCore();
const result = sampleIsing(core, { size: 8, coupling: 0.3, count: 200, seed: 3, algorithm: "wolff", chains: 2 });
window.blockspinResult = { energy: result.stats.energyPerSpin.mean, first: Array.from(result.configs.slice(0, 64)) };
`;

describe("the browser-safe library entry", () => {
  let site: LibrarySite;

  beforeAll(async () => {
    site = await serveLibrarySite(PAGE);
  });

  afterAll(() => site?.close());

  it("bundles for the browser without any Node built-in", () => {
    const bundle = readFileSync(join(site.dir, "src", "index.js"), "utf8");
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["'](fs|path|node:)/);
    expect(bundle).toContain("import.meta.url");
  });

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping the library in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("samples the same bytes in Chromium as in Node", async () => {
    const { loadCore, sampleIsing } = await import("../../src/index.js");
    const node = sampleIsing(await loadCore(), { size: 8, coupling: 0.3, count: 200, seed: 3, algorithm: "wolff", chains: 2 });
    const browser = await launchChromium(chromium.path!);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(site.origin);
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
