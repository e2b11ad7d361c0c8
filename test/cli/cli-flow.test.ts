import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, exactEnergyAtTemperature } from "../../src/index.js";
import { readJson, type SampleSidecar } from "../support/outputs.js";
import { blockspin, expectUsageError } from "../support/cli.js";

// `blockspin thermometer` and `blockspin flow` as users run them: the built
// entry (npm test builds first).

const scratch = () => mkdtempSync(join(tmpdir(), "blockspin-flow-"));

/** `blockspin thermometer --json`: a number, or "infinity" where the energy has no finite temperature. */
interface ThermometerJson {
  temperature: number | "infinity";
  temperatureError: number | "infinity";
  energy: number;
  flag: string;
}

/** flow.json, the fields these tests read. */
interface FlowJson {
  settings: Record<string, unknown>;
  sets: { trainingSet: string; trainingTemperatures: number[]; flows: { start: string; readings: Record<string, unknown>[] }[] }[];
  specificHeatMaximum: { temperature: number };
}

describe("blockspin thermometer", () => {
  it("reads Wolff samples from blockspin sample as JSON with the documented keys", () => {
    const dir = scratch();
    const file = join(dir, "t3.npy");
    expect(blockspin("sample", "--size", "8", "--temperature", "3", "--count", "2000", "--seed", "4", "--out", file, "--quiet").code).toBe(0);
    const run = blockspin("thermometer", "--data", file, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const reading = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ["temperature", "temperatureError", "energy", "energyError", "absMagnetization", "size", "count", "flag"]) {
      expect(reading).toHaveProperty(key);
    }
    expect(reading).toMatchObject({ size: 8, count: 2000, flag: null });
    const sidecar = readJson<SampleSidecar>(join(dir, "t3.json"));
    // Same samples, same mean energy as the sampler's own statistics.
    expect(reading.energy as number).toBeCloseTo(sidecar.stats.energyPerSpin.mean, 10);
    expect(Math.abs((reading.temperature as number) - 3) / (reading.temperatureError as number)).toBeLessThan(4);
    expect(blockspin("thermometer", "--data", file).stdout).toMatch(/T = 3\.\d+ ± 0\.\d+/);
  });

  it("writes infinity and 0 as flagged values, never NaN", () => {
    const dir = scratch();
    const checkerboard = Int8Array.from({ length: 3 * 16 }, (_, i) => (((i % 4) + Math.floor((i % 16) / 4)) % 2 ? 1 : -1));
    writeFileSync(join(dir, "anti.npy"), encodeNpy({ dtype: "int8", shape: [3, 4, 4], data: checkerboard }));
    const hot = JSON.parse(blockspin("thermometer", "--data", join(dir, "anti.npy"), "--json").stdout) as ThermometerJson;
    expect(hot).toMatchObject({ temperature: "infinity", temperatureError: "infinity", flag: "infinite", energy: 2 });
    writeFileSync(join(dir, "up.npy"), encodeNpy({ dtype: "uint8", shape: [5, 16], data: new Uint8Array(80).fill(1) }));
    const cold = JSON.parse(blockspin("thermometer", "--data", join(dir, "up.npy"), "--json").stdout) as ThermometerJson & { temperatureError: number };
    expect(cold).toMatchObject({ temperature: 0, flag: "zero", energy: -2, size: 4, count: 5 });
    expect(exactEnergyAtTemperature(4, cold.temperatureError)).toBeCloseTo(-2 + 8 / 80, 10);
  });

  it("rejects data that is not torus samples with exit 2 and one line", () => {
    const dir = scratch();
    writeFileSync(join(dir, "rect.npy"), encodeNpy({ dtype: "int8", shape: [2, 3, 4], data: new Int8Array(24).fill(1) }));
    expectUsageError(blockspin("thermometer", "--data", join(dir, "rect.npy")), /not|expected L x L/);
    writeFileSync(join(dir, "flat.npy"), encodeNpy({ dtype: "int8", shape: [2, 10], data: new Int8Array(20).fill(1) }));
    expectUsageError(blockspin("thermometer", "--data", join(dir, "flat.npy")), /expected L x L/);
    writeFileSync(join(dir, "twos.npy"), encodeNpy({ dtype: "uint8", shape: [1, 2, 2], data: new Uint8Array(4).fill(2) }));
    expectUsageError(blockspin("thermometer", "--data", join(dir, "twos.npy")), /value 2/);
    expectUsageError(blockspin("thermometer", "--data", join(dir, "missing.npy")), /--data/);
  });
});

describe("blockspin flow", () => {
  it("explains itself with --help", () => {
    const help = blockspin("flow", "--help");
    expect(help.code).toBe(0);
    for (const flag of ["--size", "--temperatures", "--per-temperature", "--train-temperatures", "--hidden", "--preset", "--epochs", "--lr", "--batch",
      "--momentum", "--negative", "--init-std", "--cd-steps", "--persistent", "--no-bias", "--steps", "--starts", "--mode", "--seed", "--out", "--threads"]) {
      expect(help.stdout).toContain(flag);
    }
  });

  it("rejects an unknown preset, an empty temperature range and unknown starts with exit 2 and one line", () => {
    const out = join(scratch(), "flow");
    expectUsageError(blockspin("flow", "--train-temperatures", "lukewarm", "--out", out), /unknown preset "lukewarm"/);
    expectUsageError(blockspin("flow", "--temperatures", "3:1:0.5", "--out", out), /--temperatures: .*no temperatures/);
    expectUsageError(blockspin("flow", "--starts", "random,sideways", "--out", out), /unknown start "sideways"/);
    expectUsageError(blockspin("flow", "--train-temperatures", "1.1,2", "--temperatures", "1:3:1", "--out", out), /1.1 is not among/);
    expectUsageError(blockspin("flow", "--mode", "guess", "--out", out), /guess/);
    expectUsageError(blockspin("flow", "--momentum", "0.95,0.5", "--out", out), /--momentum.*rbm\.m, none or a number in \[0, 1\)/);
    expectUsageError(blockspin("flow", "--momentum", "1", "--out", out), /--momentum/);
    expectUsageError(blockspin("flow", "--negative", "means", "--out", out), /--negative.*samples, probabilities/);
    expectUsageError(blockspin("flow", "--preset", "hinton", "--out", out), /--preset.*iso, veiga-vicente/);
    expectUsageError(blockspin("flow", "--cd-steps", "0", "--out", out), /--cd-steps/);
    expectUsageError(blockspin("flow", "--init-std", "-1", "--out", out), /--init-std/);
    expectUsageError(blockspin("flow", "--seed", String(2 ** 40), "--out", out), /--seed must be at most/);
    expectUsageError(blockspin("flow", "--temperatures", "1:4:1", "--train-temperatures", "extremes", "--out", out), /extremes keeps none/);
    expect(existsSync(out)).toBe(false);
  });

  it("runs a small flow end to end, writes flow.json, the chart and the report, and reuses its samples", () => {
    const out = join(scratch(), "flow");
    const args = ["flow", "--size", "4", "--temperatures", "0.5,2,3,6", "--per-temperature", "60", "--epochs", "3", "--batch", "12",
      "--steps", "4", "--train-temperatures", "all,extremes", "--no-bias", "--seed", "7", "--out", out, "--threads", "2"];
    const first = blockspin(...args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("fixed points");
    const flow = readJson<FlowJson>(join(out, "flow.json"));
    expect(flow.sets.map((s) => s.trainingSet)).toEqual(["all", "extremes"]);
    expect(flow.sets[1]!.trainingTemperatures).toEqual([0.5, 6]);
    const flows = flow.sets[0]!.flows;
    expect(flows.map((f) => f.start)).toEqual(["random", "ordered", "data T=0.5", "data T=2", "data T=3", "data T=6"]);
    for (const f of flows) {
      expect(f.readings).toHaveLength(5);
      for (const r of f.readings) expect(Object.values(r).some((v) => typeof v === "number" && Number.isNaN(v))).toBe(false);
    }
    expect(JSON.stringify(flow)).not.toContain("NaN");
    expect(flow.specificHeatMaximum.temperature).toBeGreaterThan(2.269);
    // --no-bias: the saved RBM's biases stayed exactly 0.
    const array = (name: string) => decodeNpy(readFileSync(join(out, name)));
    expect(array("rbm-all.W.npy").shape).toEqual([16, 16]);
    expect([...array("rbm-all.vbias.npy").data, ...array("rbm-all.hbias.npy").data].every((b) => b === 0)).toBe(true);
    expect([...array("rbm-all.W.npy").data].some((w) => w !== 0)).toBe(true);
    const report = readFileSync(join(out, "report.html"), "utf8");
    expect(report).toContain("trained on: extremes");
    expect(report).toContain("T<sub>Cmax</sub>(L)");
    expect(readFileSync(join(out, "flow-all.svg"), "utf8")).toContain("<svg");
    const spec = readJson<unknown>(join(out, "flow-all.vl.json"));
    expect(JSON.stringify(spec)).toContain("T_Cmax(L)");

    const second = blockspin(...args);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("reusing");
    // Same seed, same samples, same training, same flows.
    const again = readJson<FlowJson>(join(out, "flow.json"));
    expect(again.sets[0]!.flows).toEqual(flows);
  });

  it("trains a different RBM for each training flag, defaults giving the default's bytes, and records the rules in flow.json", () => {
    const dir = scratch();
    const common = ["flow", "--size", "4", "--temperatures", "0.5,2,3,6", "--per-temperature", "60", "--epochs", "3", "--batch", "12",
      "--steps", "2", "--train-temperatures", "all", "--starts", "random", "--seed", "5", "--quiet"];
    const run = (name: string, ...flags: string[]) => {
      const out = join(dir, name);
      const result = blockspin(...common, ...flags, "--out", out);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      return { flow: readJson<FlowJson>(join(out, "flow.json")), weights: readFileSync(join(out, "rbm-all.W.npy")), report: readFileSync(join(out, "report.html"), "utf8") };
    };
    const base = run("base");
    expect(base.flow.settings).toMatchObject({
      preset: "iso", epochs: 3, learningRate: 0.01, batchSize: 12, momentum: "rbm.m", negative: "probabilities",
      initStd: 0.01, cdSteps: 1, persistent: false, biases: true,
    });
    expect(base.report).toContain("iso rules:\nCD-1, batch 12, lr 0.01, momentum rbm.m (0.5 then 0.9), negative probabilities");
    // The defaults written out give the same bytes.
    const explicit = run("explicit", "--preset", "iso", "--momentum", "rbm.m", "--negative", "probabilities", "--init-std", "0.01", "--cd-steps", "1");
    expect(explicit.weights.equals(base.weights)).toBe(true);
    const variants: [string, string[], Record<string, unknown>][] = [
      ["momentum-none", ["--momentum", "none"], { momentum: "none" }],
      ["momentum-0.7", ["--momentum", "0.7"], { momentum: 0.7 }],
      ["negative-samples", ["--negative", "samples"], { negative: "samples" }],
      ["init-std", ["--init-std", "0.05"], { initStd: 0.05 }],
      ["cd-steps", ["--cd-steps", "2"], { cdSteps: 2 }],
      ["persistent", ["--persistent"], { persistent: true }],
      ["veiga-vicente", ["--preset", "veiga-vicente"], { preset: "veiga-vicente", momentum: "none", negative: "samples", initStd: 0.1, biases: false, epochs: 3 }],
      ["veiga-vicente-bias", ["--preset", "veiga-vicente", "--bias"], { preset: "veiga-vicente", biases: true }],
    ];
    for (const [name, flags, recorded] of variants) {
      const variant = run(name, ...flags);
      expect(variant.weights.equals(base.weights), name).toBe(false);
      expect(variant.flow.settings, name).toMatchObject(recorded);
    }
    // The chart states the rules under its title.
    const chart = readFileSync(join(dir, "veiga-vicente", "flow-all.vl.json"), "utf8");
    expect(chart).toContain("veiga-vicente rules: CD-1, batch 12, lr 0.01, no momentum, negative samples, init std 0.1, 3 epochs, biases fixed at 0");
  });
});
