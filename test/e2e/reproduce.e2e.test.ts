// `blockspin reproduce --quick` end to end: files, report, and the report in
// a real headless Chromium.
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../support/chromium.js";
import { readJson, type AnalysisJson, type EpochLine, type ModelManifestJson } from "../support/outputs.js";
import { blockspin } from "../support/cli.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function linkedFiles(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

describe("blockspin reproduce --quick", () => {
  let out = "";
  let reportPath = "";

  beforeAll(() => {
    out = join(mkdtempSync(join(tmpdir(), "blockspin-reproduce-")), "run");
    const run = blockspin("reproduce", "--quick", "--out", out);
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.code).toBe(0);
    reportPath = join(out, "report.html");
  });

  it("writes samples, three model bundles with analyses, and the report", () => {
    expect(existsSync(join(out, "data", "ising.npy"))).toBe(true);
    for (const arm of ["l1", "l2", "sklearn"]) {
      const dir = join(out, "arms", arm, "seed-1");
      const manifest = readJson<ModelManifestJson>(join(dir, "model.json"));
      expect(manifest.architecture).toEqual([1600, 400, 100, 25]);
      for (const k of [1, 2, 3]) expect(existsSync(join(dir, `layer${k}.W.npy`))).toBe(true);
      const analysis = readJson<AnalysisJson>(join(dir, "analysis", "analysis.json"));
      expect(analysis.layers.map((l) => l.nUnits)).toEqual([400, 100, 25]);
      for (const layer of analysis.layers) {
        expect(layer.spread.median).toBeGreaterThanOrEqual(0);
        expect(layer.random.spread.median).toBeGreaterThan(5); // i.i.d. fields spread over the torus
      }
    }
    const metricsLines = readFileSync(join(out, "arms", "l1", "seed-1", "metrics.jsonl"), "utf8").trim().split("\n");
    expect(metricsLines.map((l) => (JSON.parse(l) as EpochLine).layer)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
  });

  it("links only files that exist and are valid PNG or JSON", () => {
    const html = readFileSync(reportPath, "utf8");
    const files = linkedFiles(html);
    expect(files.filter((f) => f.endsWith(".png")).length).toBeGreaterThanOrEqual(3 * 8);
    for (const file of files) {
      const path = join(dirname(reportPath), file);
      expect(existsSync(path), path).toBe(true);
      const bytes = readFileSync(path);
      if (file.endsWith(".png")) expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), path).toBe(true);
      if (file.endsWith(".json")) expect(() => JSON.parse(bytes.toString("utf8")) as unknown).not.toThrow();
    }
    for (const arm of ["L1 2e-4", "L2 2e-4", "off-the-shelf"]) expect(html).toContain(arm);
    expect(html).toMatch(/median spread [\d.]+ \/ [\d.]+ \/ [\d.]+ sites/);
  });

  it("reuses samples and trained arms when run again with the same settings", () => {
    const weights = join(out, "arms", "l2", "seed-1", "layer1.W.npy");
    const before = statSync(weights).mtimeMs;
    const run = blockspin("reproduce", "--quick", "--out", out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("reusing");
    expect(run.stderr).toMatch(/reusing .*arms.l2.seed-1/);
    expect(statSync(weights).mtimeMs).toBe(before);
  });

  it("rebuilds the report from the saved runs without retraining", () => {
    const before = statSync(join(out, "arms", "l1", "seed-1", "layer1.W.npy")).mtimeMs;
    const rebuilt = join(out, "rebuilt.html");
    const run = blockspin("report", out, "--out", rebuilt);
    expect(run.code).toBe(0);
    expect(readFileSync(rebuilt, "utf8")).toContain("Locality across seeds");
    expect(statSync(join(out, "arms", "l1", "seed-1", "layer1.W.npy")).mtimeMs).toBe(before);
  });

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping the report in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("opens in headless Chromium with no console errors and every image loaded", async () => {
    const browser = await launchChromium(chromium.path!);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(reportPath).href, { waitUntil: "load" });
      const images = await page.$$eval("img", (nodes) =>
        nodes.map((img) => ({ src: img.getAttribute("src"), ok: img.complete && img.naturalWidth > 0 })));
      expect(images.length).toBeGreaterThanOrEqual(24);
      expect(images.filter((img) => !img.ok)).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(dirname(reportPath), "report-screenshot.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
