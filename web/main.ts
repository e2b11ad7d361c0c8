// The demo page: controls, canvases and charts. All computation happens in
// worker.ts; this thread only draws what the worker reports.

import { compile } from "vega-lite";
import { View, parse } from "vega";
import { CRITICAL_TEMPERATURE, trainingCurveSpecs, type EpochMetrics, type Penalty } from "../src/index.js";
import type { FileBlob, FromWorker, ToWorker } from "./protocol.js";

type State = "idle" | "sampling" | "sampled" | "training" | "paused" | "done" | "error";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);
const controls = {
  temperature: input("temperature"), size: input("size"), count: input("count"), seed: input("seed"),
  hidden: input("hidden"), epochs: input("epochs"), strength: input("strength"), penalty: $<HTMLSelectElement>("penalty"),
  sample: $<HTMLButtonElement>("sample"), start: $<HTMLButtonElement>("start"), pause: $<HTMLButtonElement>("pause"),
  reset: $<HTMLButtonElement>("reset"),
};
const status = $("status");
const progress = $<HTMLProgressElement>("progress");
const canvases = { lattice: $<HTMLCanvasElement>("lattice"), fields: $<HTMLCanvasElement>("fields"), reconstructions: $<HTMLCanvasElement>("reconstructions") };

let worker: Worker;
let state: State = "idle";
let sampledKey = "";
let trainAfterSampling = false;
let fileUrls: string[] = [];

// ---------- settings ----------

function settings() {
  const number = (el: HTMLInputElement, fallback: number) => (Number.isFinite(el.valueAsNumber) ? el.valueAsNumber : fallback);
  return {
    reducedTemperature: number(controls.temperature, 1.08),
    size: Math.round(number(controls.size, 20)),
    count: Math.round(number(controls.count, 1000)),
    seed: Math.round(number(controls.seed, 1)),
    nHidden: Math.round(number(controls.hidden, 64)),
    epochs: Math.round(number(controls.epochs, 30)),
    penalty: controls.penalty.value as Penalty,
    penaltyStrength: number(controls.strength, 2e-4),
  };
}

const sampleKey = (s: ReturnType<typeof settings>) => JSON.stringify([s.reducedTemperature, s.size, s.count, s.seed]);

function showTemperature(): void {
  const r = controls.temperature.valueAsNumber;
  const t = r * CRITICAL_TEMPERATURE;
  $("temperature-value").textContent = `T / T_c = ${r.toFixed(2)}`;
  const phase = Math.abs(r - 1) < 0.005 ? "critical" : r < 1 ? "ordered side" : "paramagnetic side";
  $("temperature-detail").textContent = `T = ${t.toFixed(3)}, K = J/kT = ${(1 / t).toFixed(4)} (${phase}; the paper used K = 0.408, T/T_c = 1.08)`;
}

// ---------- state and worker ----------

function setState(next: State, text: string): void {
  state = next;
  status.dataset.state = next;
  status.textContent = text;
  const busy = next === "sampling" || next === "training";
  controls.sample.disabled = busy;
  controls.start.disabled = busy;
  controls.pause.disabled = next !== "training";
  controls.start.textContent = next === "paused" ? "Resume" : "Start";
}

const send = (message: ToWorker) => worker.postMessage(message);

function startWorker(): void {
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<FromWorker>) => handle(event.data);
  worker.onerror = (event) => setState("error", `Worker failed: ${event.message}`);
}

function requestSamples(): void {
  const s = settings();
  sampledKey = "";
  clearModelViews();
  setState("sampling", `Sampling ${s.count} configurations of ${s.size}×${s.size} at T/T_c = ${s.reducedTemperature.toFixed(2)}…`);
  progress.removeAttribute("value");
  send({ type: "sample", size: s.size, reducedTemperature: s.reducedTemperature, count: s.count, seed: s.seed });
  pendingKey = sampleKey(s);
}
let pendingKey = "";

let trainedHidden = 0;

function requestTraining(resume: boolean): void {
  const s = settings();
  // The worker starts a new model when the hidden layer changes size.
  const fresh = !resume || s.nHidden !== trainedHidden;
  trainedHidden = s.nHidden;
  setState("training", fresh ? "Starting training…" : "Resuming…");
  if (fresh) clearModelViews();
  send({
    type: "train", fresh, nHidden: s.nHidden, penalty: s.penalty, penaltyStrength: s.penaltyStrength,
    epochs: s.epochs, seed: s.seed,
  });
}

function handle(message: FromWorker): void {
  switch (message.type) {
    case "ready": {
      const isolated = message.crossOriginIsolated && globalThis.crossOriginIsolated;
      const badge = $("isolation");
      badge.dataset.isolated = String(isolated);
      badge.dataset.threads = String(message.threads);
      badge.classList.toggle("on", message.threads > 1);
      badge.textContent = message.threads > 1
        ? `${message.threads} threads · cross-origin isolated`
        : `1 thread: ${message.reason ?? "single-threaded"}${isolated ? "" : " (run `blockspin serve` for threads)"}`;

      return;
    }
    case "progress":
      progress.max = message.total;
      progress.value = message.done;
      status.textContent = `${message.phase === "equilibrating" ? "Equilibrating chains" : "Sampling"}: ${message.done} / ${message.total}`;
      return;
    case "samples": {
      sampledKey = pendingKey;
      const { stats } = message;
      drawTiles(canvases.lattice, message.previewCount, 4, message.size, 5, 6, (tile, site) =>
        message.preview[tile * message.size * message.size + site]! > 0 ? SPIN_UP : SPIN_DOWN);
      $("sample-stats").textContent =
        `${stats.count} samples of ${stats.size}×${stats.size} (${stats.chains} Wolff chains; burn-in ${stats.burnIn}, ` +
        `spacing ${stats.spacing} clusters), e = ${stats.energyPerSpin.mean.toFixed(4)} ± ${stats.energyPerSpin.standardError.toFixed(4)}, ` +
        `|m| = ${stats.absMagnetization.mean.toFixed(3)} ± ${stats.absMagnetization.standardError.toFixed(3)}, ${stats.wallSeconds.toFixed(2)} s. ` +
        "Eight of them shown.";
      progress.max = 1;
      progress.value = 1;
      if (trainAfterSampling) {
        trainAfterSampling = false;
        requestTraining(false);
      } else {
        setState("sampled", "Samples ready. Press Start to train layer 1.");
      }
      return;
    }
    case "epoch": {
      const epoch = message.metrics.length;
      status.dataset.epoch = String(epoch);
      status.dataset.threads = String(message.threads);
      status.textContent = `Training: epoch ${epoch} / ${message.epochs} ` +
        `(${(message.secondsPerEpoch * 1000).toFixed(0)} ms per epoch on ${message.threads} thread${message.threads > 1 ? "s" : ""})`;
      progress.max = message.epochs;
      progress.value = epoch;
      // Epochs can arrive faster than frames: draw only the latest, once per frame.
      if (!latestEpoch) requestAnimationFrame(drawLatestEpoch);
      latestEpoch = message;
      return;
    }
    case "paused":
      setState("paused", `Paused after epoch ${message.epoch}. Resume continues from here.`);
      send({ type: "export" });
      return;
    case "done":
      setState("done", message.diverged
        ? `Training diverged at epoch ${message.epoch + 1}; kept the last finite parameters.`
        : `Done: ${message.epoch} epochs. Download the model below, or change settings and Start again.`);
      send({ type: "export" });
      return;
    case "files":
      showDownloads(message.files);
      return;
    case "error":
      setState("error", `Error: ${message.message}`);
      return;
  }
}

// ---------- drawing ----------

type EpochMessage = Extract<FromWorker, { type: "epoch" }>;
let latestEpoch: EpochMessage | undefined;

function drawLatestEpoch(): void {
  const message = latestEpoch;
  latestEpoch = undefined;
  if (!message) return;
  const epoch = message.metrics.length;
  drawFields(message.fields, message.size, message.nHidden);
  drawReconstructions(message.originals, message.reconstructions, message.size);
  const last = message.metrics.at(-1)!;
  $("fields-caption").textContent =
    `${message.nHidden} hidden units after epoch ${epoch}; red +, blue −, each tile scaled to its own largest |w|. ` +
    `Pseudo-likelihood ${last.pseudoLikelihood.toFixed(2)}, reconstruction error ${last.reconstructionError.toFixed(4)}.`;
  $("fields").dataset.epoch = String(epoch);
  scheduleCurves(message.metrics);
}

type Rgb = readonly [number, number, number];
const SPIN_UP: Rgb = [29, 43, 79];
const SPIN_DOWN: Rgb = [240, 237, 228];
const BACKGROUND: Rgb = [255, 255, 255];

/** Tiles of side x side sites, `cols` per row, each site `scale` pixels, `gap` pixels apart. */
function drawTiles(
  canvas: HTMLCanvasElement, count: number, cols: number, side: number, scale: number, gap: number,
  color: (tile: number, site: number) => Rgb,
): void {
  const rows = Math.ceil(count / cols);
  const tilePx = side * scale;
  const width = cols * tilePx + (cols - 1) * gap;
  const height = rows * tilePx + (rows - 1) * gap;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(width, height);
  const px = image.data;
  for (let i = 0; i < px.length; i += 4) {
    px[i] = BACKGROUND[0]; px[i + 1] = BACKGROUND[1]; px[i + 2] = BACKGROUND[2]; px[i + 3] = 255;
  }
  for (let tile = 0; tile < count; tile++) {
    const x0 = (tile % cols) * (tilePx + gap);
    const y0 = Math.floor(tile / cols) * (tilePx + gap);
    for (let site = 0; site < side * side; site++) {
      const [r, g, b] = color(tile, site);
      const sx = x0 + (site % side) * scale;
      const sy = y0 + Math.floor(site / side) * scale;
      for (let dy = 0; dy < scale; dy++) {
        let o = ((sy + dy) * width + sx) * 4;
        for (let dx = 0; dx < scale; dx++, o += 4) { px[o] = r; px[o + 1] = g; px[o + 2] = b; }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** Diverging blue - white - red for t in [-1, 1]. */
function diverging(t: number): Rgb {
  const blue: Rgb = [33, 102, 172];
  const red: Rgb = [178, 24, 43];
  const end = t < 0 ? blue : red;
  const a = Math.min(1, Math.abs(t));
  return [Math.round(255 + (end[0] - 255) * a), Math.round(255 + (end[1] - 255) * a), Math.round(255 + (end[2] - 255) * a)];
}

function drawFields(weights: Float32Array, size: number, nHidden: number): void {
  const nVisible = size * size;
  const scales = new Float32Array(nHidden);
  for (let j = 0; j < nHidden; j++) {
    let max = 0;
    for (let v = 0; v < nVisible; v++) max = Math.max(max, Math.abs(weights[v * nHidden + j]!));
    scales[j] = max > 0 ? 1 / max : 0;
  }
  const cols = Math.ceil(Math.sqrt(nHidden));
  const scale = Math.max(1, Math.floor(48 / size));
  drawTiles(canvases.fields, nHidden, cols, size, scale, 2, (j, v) => diverging(weights[v * nHidden + j]! * scales[j]!));
}

/** Rows of four: samples, then their reconstructions underneath. */
function drawReconstructions(originals: Int8Array, reconstructions: Float32Array, size: number): void {
  const nSites = size * size;
  const n = originals.length / nSites;
  const cols = Math.min(4, n);
  const mix = (p: number): Rgb => [
    Math.round(SPIN_DOWN[0] + (SPIN_UP[0] - SPIN_DOWN[0]) * p),
    Math.round(SPIN_DOWN[1] + (SPIN_UP[1] - SPIN_DOWN[1]) * p),
    Math.round(SPIN_DOWN[2] + (SPIN_UP[2] - SPIN_DOWN[2]) * p),
  ];
  drawTiles(canvases.reconstructions, 2 * n, cols, size, Math.max(1, Math.floor(60 / size)), 4, (tile, site) => {
    const row = Math.floor(tile / cols);
    const sample = Math.floor(row / 2) * cols + (tile % cols);
    return row % 2 === 0
      ? (originals[sample * nSites + site]! > 0 ? SPIN_UP : SPIN_DOWN)
      : mix(reconstructions[sample * nSites + site]!);
  });
}

function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.width = 8;
  canvas.height = 8;
}

// ---------- charts (the report's Vega-Lite specs) ----------

const chartSlots = ["curve-pl", "curve-re", "curve-fe"] as const;
let views: View[] = [];
let latestMetrics: EpochMetrics[] | undefined;
let rendering = false;

function scheduleCurves(metrics: EpochMetrics[]): void {
  latestMetrics = metrics;
  if (!rendering) void renderCurves();
}

async function renderCurves(): Promise<void> {
  rendering = true;
  try {
    while (latestMetrics) {
      const metrics = latestMetrics;
      latestMetrics = undefined;
      const s = settings();
      const penalty = s.penalty === "none" ? "no penalty" : `${s.penalty.toUpperCase()} ${s.penaltyStrength}`;
      const specs = trainingCurveSpecs(metrics, `L=${s.size}, T/T_c=${s.reducedTemperature.toFixed(2)}, ${s.nHidden} hidden, ${penalty}`);
      const next = await Promise.all([specs.pseudoLikelihood, specs.reconstructionError, specs.freeEnergy].map(async (spec, i) => {
        const view = new View(parse(compile(spec).spec), { renderer: "svg", hover: false });
        const holder = document.createElement("div");
        await view.initialize(holder).runAsync();
        return { view, holder, slot: $(chartSlots[i]!) };
      }));
      for (const view of views) view.finalize();
      views = next.map(({ view, holder, slot }) => {
        slot.replaceChildren(...holder.querySelectorAll("svg"));
        return view;
      });
      $("curves").dataset.points = String(metrics.length);
    }
  } finally {
    rendering = false;
  }
}

function clearCurves(): void {
  latestMetrics = undefined;
  for (const view of views) view.finalize();
  views = [];
  for (const slot of chartSlots) $(slot).replaceChildren();
  $("curves").dataset.points = "0";
}

// ---------- downloads ----------

function showDownloads(files: FileBlob[]): void {
  for (const url of fileUrls) URL.revokeObjectURL(url);
  fileUrls = [];
  const list = $("files");
  list.replaceChildren(...files.map((file) => {
    const url = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mime }));
    fileUrls.push(url);
    const a = document.createElement("a");
    a.href = url;
    a.download = file.name;
    a.textContent = file.name;
    const li = document.createElement("li");
    li.append(a, ` (${formatBytes(file.bytes.length)})`);
    return li;
  }));
  $("downloads").hidden = false;
}

const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`);

function clearModelViews(): void {
  latestEpoch = undefined;
  clearCanvas(canvases.fields);
  clearCanvas(canvases.reconstructions);
  clearCurves();
  status.dataset.epoch = "0";
  $("downloads").hidden = true;
  $("files").replaceChildren();
}

// ---------- wiring ----------

controls.temperature.addEventListener("input", showTemperature);
controls.penalty.addEventListener("change", () => { controls.strength.disabled = controls.penalty.value === "none"; });
controls.sample.addEventListener("click", () => {
  trainAfterSampling = false;
  requestSamples();
});
controls.start.addEventListener("click", () => {
  const s = settings();
  if (sampleKey(s) !== sampledKey) {
    trainAfterSampling = true;
    requestSamples();
  } else {
    requestTraining(state === "paused");
  }
});
controls.pause.addEventListener("click", () => {
  controls.pause.disabled = true;
  status.textContent = "Pausing after this epoch…";
  send({ type: "pause" });
});
controls.reset.addEventListener("click", () => {
  // A fresh worker drops samples and model at once, even mid-computation.
  worker.terminate();
  startWorker();
  sampledKey = "";
  trainAfterSampling = false;
  clearModelViews();
  clearCanvas(canvases.lattice);
  $("sample-stats").textContent = "Press Sample or Start.";
  progress.max = 1;
  progress.value = 0;
  setState("idle", "Reset. Press Sample or Start.");
});

showTemperature();
startWorker();
setState("idle", "Ready. Press Start to sample and train.");
