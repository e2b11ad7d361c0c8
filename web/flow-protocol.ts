// Messages between the Flow panel (flow-panel.ts) and its worker (flow-worker.ts).

export interface FlowRequest {
  size: number;
  temperatures: number[];
  perTemperature: number;
  epochs: number;
  learningRate: number;
  steps: number;
  seed: number;
  /** Temperatures whose held-out samples start flows (besides random and all-up). */
  dataStarts: number[];
}

export type FlowFromWorker =
  | { type: "status"; text: string }
  | { type: "begin"; size: number; specificHeatPeak: number; starts: { name: string; temperature: number }[] }
  /** One thermometer reading; Infinity survives structured cloning. */
  | { type: "step"; start: string; step: number; temperature: number; temperatureError: number }
  | { type: "done" }
  | { type: "error"; message: string };
