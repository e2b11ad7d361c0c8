import { describe, expect, it } from "vitest";
import {
  CRITICAL_TEMPERATURE, flowFixedPoint, orderedStart, parseTemperatures, presetTemperatures, randomStart, readTemperature,
  runFlow, type FlowMode, type FlowTrace, type RbmParameters,
} from "../../src/index.js";
import { zeroParameters } from "../../src/core.js";
import { testCore } from "../support/core.js";
import { mulberry32 } from "../support/random.js";

// The flow's machinery against what must hold whatever the RBM: a zero RBM
// makes fair coins in one step, flows are functions of the seed alone (any
// thread count), and the training presets select the temperatures the
// papers name.

const SIZE = 8;
const N = SIZE * SIZE;

/** Weights from a plain PRNG, biases small: an RBM with structure, so flows are not trivially fair coins. */
function randomRbm(seed: number): RbmParameters {
  const next = mulberry32(seed);
  const params = zeroParameters(N, N);
  params.weights.forEach((_, i) => { params.weights[i] = 0.6 * (next() - 0.5); });
  params.visibleBias.forEach((_, i) => { params.visibleBias[i] = 0.2 * (next() - 0.5); });
  params.hiddenBias.forEach((_, i) => { params.hiddenBias[i] = 0.2 * (next() - 0.5); });
  return params;
}

const hasNaN = (trace: FlowTrace) => trace.readings.some((r) => Object.values(r).some((v) => Number.isNaN(v)));

describe.each<FlowMode>(["samples", "probabilities"])("a zero RBM (%s)", (mode) => {
  const count = 400;
  const starts = {
    "all-up": () => orderedStart(SIZE, count),
    "all-down": () => ({ ...orderedStart(SIZE, count), name: "all-down", bits: new Uint8Array(count * N) }),
    "checkerboard": () => ({
      name: "checkerboard", temperature: Infinity, count,
      bits: Uint8Array.from({ length: count * N }, (_, i) => ((i % SIZE) + Math.floor((i % N) / SIZE)) % 2),
    }),
  };

  it.each(Object.keys(starts) as (keyof typeof starts)[])("turns the %s start into independent fair coins in one step, read as T = infinity or near it", async (name) => {
    const core = await testCore();
    const trace = runFlow(core, zeroParameters(N, N), starts[name](), { size: SIZE, steps: 1, mode, seed: 3, threads: 1 }, 0);
    expect(trace.readings[0]!.flag).not.toBeNull();
    const after = trace.readings[1]!;
    expect(hasNaN(trace)).toBe(false);
    // Fair coins: e has mean 0 and per-sample SD sqrt(2 / N); the reading must sit within 4 of its SEs of 0.
    expect(Math.abs(after.energy) / after.energyError).toBeLessThan(4);
    expect(after.energyError).toBeGreaterThan(0.5 * Math.sqrt(2 / N / count));
    expect(after.energyError).toBeLessThan(2 * Math.sqrt(2 / N / count));
    // <|m|> of N fair coins is about sqrt(2 / (pi N)).
    expect(after.absMagnetization).toBeCloseTo(Math.sqrt(2 / (Math.PI * N)), 1);
    if (after.flag !== "infinite") expect(after.temperature).toBeGreaterThan(10);
  });
});

describe("fair-coin starts", () => {
  it("have each bit on with probability 1/2 and no bond correlation", async () => {
    const core = await testCore();
    const count = 500;
    const start = randomStart(core, SIZE, count, 11, 0);
    const ones = start.bits.reduce((a, b) => a + b, 0);
    const n = count * N;
    expect(Math.abs(ones - n / 2) / Math.sqrt(n / 4)).toBeLessThan(4);
    const reading = readTemperature({ bits: start.bits, count, size: SIZE });
    expect(Math.abs(reading.energy) / reading.energyError).toBeLessThan(4);
  });
});

describe("flow determinism", () => {
  const options = (mode: FlowMode, threads: number, seed = 5) => ({ size: SIZE, steps: 6, mode, seed, threads });
  // 230 rows: four full blocks of 50 and a short fifth, so the split over threads is uneven.
  const startRows = 230;

  it.each<FlowMode>(["samples", "probabilities"])("is a function of the seed, identical on 1 and 2 threads (%s)", async (mode) => {
    const core = await testCore();
    const rbm = randomRbm(42);
    const start = randomStart(core, SIZE, startRows, 9, 0);
    const one = runFlow(core, rbm, start, options(mode, 1), 2);
    const again = runFlow(core, rbm, start, options(mode, 1), 2);
    const two = runFlow(core, rbm, start, options(mode, 2), 2);
    expect(again).toEqual(one);
    expect(two).toEqual(one);
    expect(hasNaN(one)).toBe(false);
    const otherSeed = runFlow(core, rbm, start, options(mode, 1, 6), 2);
    expect(otherSeed.readings.slice(1).map((r) => r.energy)).not.toEqual(one.readings.slice(1).map((r) => r.energy));
    const otherStartIndex = runFlow(core, rbm, start, options(mode, 1), 3);
    expect(otherStartIndex.readings.slice(1).map((r) => r.energy)).not.toEqual(one.readings.slice(1).map((r) => r.energy));
  });
});

describe("fixed point of a flow", () => {
  it("is the mean and SD of the last 10 readings, infinite if any is", () => {
    const reading = (temperature: number) => ({
      temperature, temperatureError: 0.01, energy: -1, energyError: 0.01, absMagnetization: 0.5, size: 4, count: 10,
      flag: temperature === Infinity ? "infinite" as const : null,
    });
    const temps = Array.from({ length: 15 }, (_, i) => 2 + 0.1 * i);
    const trace: FlowTrace = { start: "x", startTemperature: 1, count: 10, readings: [reading(9), ...temps.map(reading)] };
    const last = temps.slice(-10);
    const mean = last.reduce((a, v) => a + v, 0) / 10;
    const sd = Math.sqrt(last.reduce((a, v) => a + (v - mean) ** 2, 0) / 9);
    const point = flowFixedPoint(trace);
    expect(point.meanTemperature).toBeCloseTo(mean, 12);
    expect(point.spread).toBeCloseTo(sd, 12);
    expect(point.finalTemperature).toBe(temps.at(-1));
    trace.readings[12] = reading(Infinity);
    expect(flowFixedPoint(trace)).toMatchObject({ meanTemperature: Infinity, spread: Infinity });
  });
});

describe("training temperatures", () => {
  const grid = parseTemperatures("0.25:6:0.25");

  it("parses the default grid to 24 exact decimals", () => {
    expect(grid).toHaveLength(24);
    expect(grid[0]).toBe(0.25);
    expect(grid.at(-1)).toBe(6);
    expect(grid[8]).toBe(2.25);
    expect(parseTemperatures("1, 2.27,3")).toEqual([1, 2.27, 3]);
  });

  it("selects the papers' presets", () => {
    expect(presetTemperatures("all", grid)).toEqual(grid);
    expect(presetTemperatures("extremes", grid)).toEqual([0.25, 0.5, 5.5, 5.75, 6]);
    const noCritical = presetTemperatures("no-critical", grid);
    expect(noCritical).toHaveLength(24 - 4);
    expect(noCritical.some((t) => t >= 1.8 && t <= 2.8)).toBe(false);
    expect(noCritical).toContain(1.75);
    expect(noCritical).toContain(3);
    expect(noCritical).not.toContain(CRITICAL_TEMPERATURE);
  });

  it("rejects empty and non-positive ranges", () => {
    expect(() => parseTemperatures("3:1:0.5")).toThrow(/no temperatures/);
    expect(() => parseTemperatures("1:3:0")).toThrow(RangeError);
    expect(() => parseTemperatures("0:3:1")).toThrow(/> 0/);
    expect(() => parseTemperatures("warm")).toThrow(RangeError);
  });
});
