// The demo page end to end: built with Vite, served by `blockspin serve`'s
// startServer (cross-origin isolated), driven in Debian's Chromium.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CRITICAL_COUPLING } from "../../src/index.js";
import { startServer, type RunningServer } from "../../src/node/serve/serve.js";
import { findChromium, launchChromium } from "../support/chromium.js";
import type { ModelManifestJson } from "../support/outputs.js";
import { serveDirectory } from "../support/static-server.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const SCREENSHOT = join(tmpdir(), "blockspin-web-screenshot.png");

describe("the demo page", () => {
  let site = "";
  let server: RunningServer | undefined;

  beforeAll(() => {
    site = mkdtempSync(join(tmpdir(), "blockspin-web-"));
    const built = spawnSync(process.execPath, [
      join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", join(ROOT, "web", "vite.config.ts"),
      "--outDir", site, "--emptyOutDir", "--logLevel", "error",
    ], { cwd: ROOT, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("builds static files that include the kernels", () => {
    const html = readFileSync(join(site, "index.html"), "utf8");
    expect(html).toMatch(/<script type="module"[^>]*src="\.\/assets\/index-[^"]+\.js"/);
    const result = spawnSync("ls", [join(site, "assets")], { encoding: "utf8" });
    expect(result.stdout).toMatch(/blockspin-[\w-]+\.wasm/);
    expect(result.stdout).toMatch(/worker-[\w-]+\.js/);
  });

  it("serves the page with isolation headers and content types", async () => {
    server = await startServer({ root: site, port: 0, host: "127.0.0.1" });
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(page.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    const wasmName = spawnSync("ls", [join(site, "assets")], { encoding: "utf8" }).stdout.split("\n").find((f) => f.endsWith(".wasm"))!;
    const wasm = await fetch(new URL(`assets/${wasmName}`, server.url));
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer()))).toBe(true);
    expect((await fetch(new URL("no/such/file.js", server.url))).status).toBe(404);
    expect((await fetch(new URL("%2e%2e/%2e%2e/package.json", server.url))).status).toBe(404);
  });

  it("refuses to start when the page is not built or the port is taken", async () => {
    await expect(startServer({ root: join(site, "missing"), port: 0 })).rejects.toThrow(/run npm run build:web first/);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ root: site, port, host: "127.0.0.1" })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  const chromium = findChromium();
  if (!chromium.path) console.warn(`skipping the demo page in Chromium: ${chromium.reason}`);
  it.skipIf(!chromium.path)("samples, trains, pauses, resumes and offers the model in Chromium", async () => {
    server ??= await startServer({ root: site, port: 0, host: "127.0.0.1" });
    const context: BrowserContext = await launchChromium(chromium.path!);
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(server.url);

      // Cross-origin isolated under serve, and the page says so.
      await page.waitForSelector("#isolation[data-isolated]");
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.getAttribute("#isolation", "data-isolated")).toBe("true");
      // ...and trains on a thread team (capped at 4) when the machine has the cores.
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      const threads = Number(await page.getAttribute("#isolation", "data-threads"));
      const badge = (await page.textContent("#isolation"))!;
      if (cores >= 2) {
        expect(threads).toBe(Math.min(cores, 4));
        expect(badge).toBe(`${threads} threads · cross-origin isolated`);
      } else {
        expect(threads).toBe(1);
        expect(badge).toMatch(/^1 thread: /);
      }
      console.log(`badge: ${badge} (hardwareConcurrency ${cores})`);

      // Sampling draws lattices: both spin colours, in sizeable amounts.
      await page.click("#sample");
      await waitForState(page, "sampled");
      const lattice = await colourCounts(page, "lattice");
      const shares = Object.values(lattice).sort((a, b) => b - a);
      expect(shares.length).toBeGreaterThanOrEqual(3); // spin up, spin down, gaps
      expect(shares[2]!).toBeGreaterThan(0.05);

      // Train, pause, compare, resume, pause again.
      await page.fill("#epochs", "200");
      await page.click("#start");
      await page.waitForFunction(() => Number(document.getElementById("status")!.dataset.epoch) >= 1);
      await page.click("#pause");
      await waitForState(page, "paused");
      const first = await snapshot(page);
      expect(first.epoch).toBeGreaterThanOrEqual(1);

      await page.click("#start");
      await page.waitForFunction((epoch) => Number(document.getElementById("status")!.dataset.epoch) > epoch, first.epoch);
      const pausedFrom = Number(await page.getAttribute("#status", "data-epoch"));
      await page.click("#pause");
      await waitForState(page, "paused");
      const second = await snapshot(page);
      expect(second.epoch).toBeGreaterThan(first.epoch);
      expect(second.points).toBeGreaterThan(first.points);
      expect(second.fields).not.toBe(first.fields);
      expect(Number(await page.getAttribute("#status", "data-threads"))).toBe(threads);
      console.log(`paused at epoch ${first.epoch}, resumed, pause clicked at epoch ${pausedFrom}, paused at ${second.epoch}`);

      // Finish two epochs later.
      const total = second.epoch + 2;
      await page.fill("#epochs", String(total));
      await page.click("#start");
      await waitForState(page, "done");
      const last = await snapshot(page);
      expect(last.epoch).toBe(total);
      expect(last.epoch).toBeGreaterThanOrEqual(3);
      expect(last.points).toBe(total);
      expect(await page.locator("#curves svg").count()).toBeGreaterThanOrEqual(3);
      expect(Object.keys(await colourCounts(page, "reconstructions")).length).toBeGreaterThan(3);

      // The model bundle, one file at a time.
      await page.waitForSelector("#downloads:not([hidden]) a[download='model.json']");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[download='model.json']")]);
      const manifest = JSON.parse(readFileSync(await download.path(), "utf8")) as ModelManifestJson;
      expect(manifest).toMatchObject({ format: "blockspin-model", formatVersion: 1, architecture: [400, 64] });
      expect(manifest.layers[0]!.metrics.epochs).toBe(total);
      const [weights] = await Promise.all([page.waitForEvent("download"), page.click("a[download='layer1.W.npy']")]);
      const npy = readFileSync(await weights.path());
      expect(npy.subarray(1, 6).toString("latin1")).toBe("NUMPY");
      expect(npy.toString("latin1", 10, 80)).toContain("'shape': (400, 64)");
      expect(npy.length).toBeGreaterThanOrEqual(400 * 64 * 4);

      // The demo trains with the library's own loop: its model is the one `blockspin train` makes with the same
      // flags on the same samples, bit for bit, pause and resume included.
      await expectSameAsCli(page, total);

      console.log(`status: ${await page.textContent("#status")}; mean CD-1 update time ${(manifest.layers[0]!.metrics.seconds / total * 1000).toFixed(1)} ms per epoch`);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      console.log(`demo page screenshot: ${SCREENSHOT}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!chromium.path)("runs the Flow panel's small L = 10 flow and plots T against step as it goes", async () => {
    server ??= await startServer({ root: site, port: 0, host: "127.0.0.1" });
    const context: BrowserContext = await launchChromium(chromium.path!);
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(server.url);
      await page.click("#flow-run");
      // Live: points arrive before the flow ends.
      await page.waitForFunction(() => Number(document.getElementById("flow-chart")!.dataset.points) > 0);
      await page.waitForSelector("#flow-chart[data-state='done']", { timeout: 120_000 });
      // Five starts (random, all-up, three held-out) of 40 steps plus the start itself.
      expect(await page.getAttribute("#flow-chart", "data-points")).toBe(String(5 * 41));
      expect(await page.locator("#flow-chart svg path").count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator("#flow-chart svg").textContent()).toContain("T_Cmax(L) = 2.345");
      console.log(`flow panel: ${await page.textContent("#flow-status")}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it.skipIf(!chromium.path)("trains on one thread, and says why, when the page is not cross-origin isolated", async () => {
    await withPlainServer(site, async (url) => {
      const context: BrowserContext = await launchChromium(chromium.path!);
      const errors: string[] = [];
      try {
        const page = await context.newPage();
        page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(url);
        await page.waitForSelector("#isolation[data-threads]");
        expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
        expect(await page.getAttribute("#isolation", "data-isolated")).toBe("false");
        expect(await page.getAttribute("#isolation", "data-threads")).toBe("1");
        expect(await page.textContent("#isolation")).toBe("1 thread: not cross-origin isolated (run `blockspin serve` for threads)");
        await page.fill("#count", "300");
        await page.fill("#epochs", "2");
        await page.click("#start");
        await waitForState(page, "done");
        expect(await page.getAttribute("#status", "data-epoch")).toBe("2");
        expect(await page.getAttribute("#status", "data-threads")).toBe("1");
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});

/** The demo's downloads equal `blockspin sample` + `blockspin train` run with the page's settings. */
async function expectSameAsCli(page: Page, epochs: number): Promise<void> {
  const value = (id: string) => page.inputValue(`#${id}`);
  const coupling = CRITICAL_COUPLING / Number(await value("temperature"));
  const [size, count, seed, hidden, penalty, strength] = await Promise.all(
    ["size", "count", "seed", "hidden", "penalty", "strength"].map(value),
  );
  const dir = mkdtempSync(join(tmpdir(), "blockspin-demo-cli-"));
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [join(ROOT, "dist", "node", "cli.js"), ...args, "--quiet"], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`blockspin ${args.join(" ")} failed:\n${run.stderr}`);
  };
  cli("sample", "--size", size!, "--coupling", String(coupling), "--count", count!, "--seed", seed!, "--out", join(dir, "ising.npy"));
  cli("train", "--data", join(dir, "ising.npy"), "--hidden", hidden!, "--epochs", String(epochs), "--seed", seed!,
    "--penalty", penalty!, "--penalty-strength", strength!, "--out", join(dir, "model"));
  const download = async (name: string) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.click(`a[download='${name}']`)]);
    return readFileSync(await file.path());
  };
  for (const name of ["layer1.W.npy", "layer1.vbias.npy", "layer1.hbias.npy"]) {
    expect((await download(name)).equals(readFileSync(join(dir, "model", name))), name).toBe(true);
  }
  const withoutTimes = (text: string) => text.trim().split("\n").map((line) => {
    const { seconds: _seconds, monitorSeconds: _monitor, ...row } = JSON.parse(line) as Record<string, unknown>;
    return row;
  });
  const demoMetrics = withoutTimes((await download("metrics.jsonl")).toString("utf8"));
  expect(demoMetrics).toHaveLength(epochs);
  expect(demoMetrics).toEqual(withoutTimes(readFileSync(join(dir, "model", "metrics.jsonl"), "utf8")));
  const demo = JSON.parse((await download("model.json")).toString("utf8")) as ModelManifestJson;
  const cliManifest = JSON.parse(readFileSync(join(dir, "model", "model.json"), "utf8")) as ModelManifestJson;
  for (const key of ["format", "formatVersion", "libraryVersion", "architecture", "seed", "propagate", "simd", "status"]) {
    expect(demo[key], key).toEqual(cliManifest[key]);
  }
  const { source: _demoSource, ...demoData } = demo.data;
  const { source: _cliSource, ...cliData } = cliManifest.data;
  expect(demoData).toEqual(cliData);
  expect(demo.layers[0]!.training).toEqual(cliManifest.layers[0]!.training);
  console.log(`demo model after ${epochs} epochs (paused and resumed) equals blockspin train --epochs ${epochs}: W, biases, metrics, settings`);
}

/** The built page over plain http without the isolation headers, as any static host would serve it. */
async function withPlainServer(root: string, work: (url: string) => Promise<void>): Promise<void> {
  const server = await serveDirectory(root);
  try {
    await work(server.url);
  } finally {
    await server.close();
  }
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForFunction((wanted) => {
    const current = document.getElementById("status")!.dataset.state;
    if (current === "error") throw new Error(document.getElementById("status")!.textContent ?? "error");
    return current === wanted;
  }, state);
}

/** Epoch shown, curve points drawn (waits for the charts to catch up) and the receptive-field pixels. */
async function snapshot(page: Page): Promise<{ epoch: number; points: number; fields: string }> {
  const epoch = Number(await page.getAttribute("#status", "data-epoch"));
  await page.waitForFunction((e) => Number(document.getElementById("curves")!.dataset.points) === e, epoch);
  await page.waitForFunction((e) => Number(document.getElementById("fields")!.dataset.epoch) === e, epoch);
  const fields = await page.evaluate(() => (document.getElementById("fields") as HTMLCanvasElement).toDataURL());
  return { epoch, points: Number(await page.getAttribute("#curves", "data-points")), fields };
}

/** Share of pixels per colour on a canvas. */
async function colourCounts(page: Page, id: string): Promise<Record<string, number>> {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts: Record<string, number> = {};
    for (let i = 0; i < pixels.length; i += 4) {
      const key = `${pixels[i]},${pixels[i + 1]},${pixels[i + 2]}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    const total = pixels.length / 4;
    for (const key of Object.keys(counts)) counts[key]! /= total;
    return counts;
  }, id);
}
