// The demo page's Flow panel: runs a small RBM flow of temperature (L = 10)
// in its own worker (flow-worker.ts) and plots T against step live, with
// the same chart spec as `blockspin flow`'s report.

import { compile } from "vega-lite";
import { View, parse } from "vega";
import { CRITICAL_TEMPERATURE, flowChartSpec, type FlowCurve } from "../src/index.js";
import type { FlowFromWorker, FlowRequest } from "./flow-protocol.js";

/**
 * The panel's flow: 11 temperatures 0.5..5.5, 300 Wolff samples each (60 held out), 30 epochs at rbm.m's lr 0.1
 * (the CLI's lr 0.01 needs its 100 epochs on 19,200 rows; a page should answer in seconds), 40 steps.
 */
const REQUEST: FlowRequest = {
  size: 10, temperatures: Array.from({ length: 11 }, (_, i) => 0.5 + 0.5 * i), perTemperature: 300,
  epochs: 30, learningRate: 0.1, steps: 40, seed: 1, dataStarts: [1, 2.5, 4],
};

const button = document.getElementById("flow-run") as HTMLButtonElement | null;
const chart = document.getElementById("flow-chart") as HTMLDivElement | null;
const status = document.getElementById("flow-status");

let curves = new Map<string, FlowCurve>();
let peak = 0;
let view: View | undefined;
let drawing = false;
let dirty = false;

button?.addEventListener("click", () => {
  if (!chart || !status || !button) return;
  button.disabled = true;
  curves = new Map();
  chart.dataset.state = "running";
  chart.dataset.points = "0";
  const worker = new Worker(new URL("./flow-worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<FlowFromWorker>) => handle(event.data, worker);
  worker.onerror = (event) => fail(worker, event.message);
  worker.postMessage(REQUEST);
});

function handle(message: FlowFromWorker, worker: Worker): void {
  switch (message.type) {
    case "status":
      status!.textContent = message.text;
      break;
    case "begin":
      peak = message.specificHeatPeak;
      for (const s of message.starts) curves.set(s.name, { start: s.name, startTemperature: s.temperature, readings: [] });
      status!.textContent = `flows from ${message.starts.length} starts, ${REQUEST.steps} steps each`;
      break;
    case "step": {
      const curve = curves.get(message.start);
      (curve?.readings as { temperature: number }[] | undefined)?.push({ temperature: message.temperature });
      chart!.dataset.points = String([...curves.values()].reduce((n, c) => n + c.readings.length, 0));
      schedule();
      break;
    }
    case "done":
      worker.terminate();
      status!.textContent = `done: T after ${REQUEST.steps} steps — ` +
        [...curves.values()].map((c) => `${c.start}: ${formatT(c.readings.at(-1)?.temperature)}`).join(", ");
      button!.disabled = false;
      schedule(() => { chart!.dataset.state = "done"; });
      break;
    case "error":
      fail(worker, message.message);
      break;
  }
}

const formatT = (t: number | undefined) => (t === undefined ? "–" : t === Infinity ? "∞" : t.toFixed(2));

function fail(worker: Worker, text: string): void {
  worker.terminate();
  status!.textContent = `error: ${text}`;
  chart!.dataset.state = "error";
  button!.disabled = false;
}

let afterDraw: (() => void) | undefined;

/** Redraws at most one chart at a time; the newest data wins. */
function schedule(then?: () => void): void {
  if (then) afterDraw = then;
  dirty = true;
  if (!drawing) void draw();
}

async function draw(): Promise<void> {
  drawing = true;
  while (dirty) {
    dirty = false;
    const spec = flowChartSpec([...curves.values()], {
      title: `L = ${REQUEST.size}, trained on ${REQUEST.temperatures.length} temperatures, seed ${REQUEST.seed}`,
      criticalTemperature: CRITICAL_TEMPERATURE, specificHeatPeak: peak, width: 460, height: 260,
    });
    view?.finalize();
    view = new View(parse(compile(spec).spec), { renderer: "svg", container: chart! });
    await view.runAsync();
  }
  drawing = false;
  afterDraw?.();
  afterDraw = undefined;
}
