// `blockspin thermometer` as a service: the temperature of a file of torus
// configurations, read by inverting the exact finite-L e(T)
// (src/systems/ising/thermometer.ts; docs/methods.md, "Thermometer").

import { CRITICAL_TEMPERATURE } from "../../systems/ising/coupling.js";
import { specificHeatMaximum } from "../../systems/ising/exact.js";
import { readTemperature, type ThermometerReading, type TorusSamples } from "../../systems/ising/thermometer.js";
import { readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";

/**
 * `blockspin thermometer` as a call: the temperature of the samples in `data`, read by inverting the exact
 * finite-L e(T) (docs/methods.md, "Thermometer"); UsageError for a file that is not a torus ensemble.
 *
 * @param data - Path of an .npy of shape (count, L, L) or (count, L*L): int8 -1/+1 or uint8/bool 0/1.
 * @returns The reading: temperature (units of J/k) with its error, energy per spin, <|m|>, size, count, flag.
 */
export async function runThermometer(data: string): Promise<ThermometerReading> {
  const input = await readTrainingData(data);
  if (input.model !== undefined && input.model !== "ising") {
    throw new UsageError(`--data: ${data} holds ${input.model} samples; the thermometer reads the Ising model's temperature`);
  }
  return readTemperature(torusSamples(input, "--data"));
}

/**
 * The samples of a data file as an L x L torus ensemble; UsageError naming `flag` if the shape is not square.
 *
 * @param input - The data file (readTrainingData).
 * @param flag - The flag the errors name, e.g. `--data`.
 * @returns The samples as bits with their count and lattice side.
 */
export function torusSamples(input: TrainingDataFile, flag: string): TorusSamples {
  const { shape, data } = input;
  const perSample = shape.slice(1);
  const size = perSample.length === 2 ? perSample[0]! : Math.round(Math.sqrt(data.nVisible));
  const square = perSample.length === 2 ? perSample[0] === perSample[1] : perSample.length === 1 && size * size === data.nVisible;
  if (!square || size < 2) {
    throw new UsageError(`${flag}: ${input.path} has shape (${shape.join(", ")}); expected L x L torus samples (count, L, L) or (count, L*L) with L >= 2`);
  }
  if (data.kind !== "binary") throw new UsageError(`${flag}: ${input.path} is not spin or bit data`);
  return { bits: data.values, count: data.nSamples, size };
}

/**
 * The reading as JSON, with Infinity written as "infinity" (JSON has no infinities; never NaN).
 *
 * @param reading - The reading (runThermometer).
 * @returns The JSON text.
 */
export function thermometerJson(reading: ThermometerReading): string {
  return JSON.stringify(reading, (_key, value: unknown) => (value === Infinity ? "infinity" : value), 2);
}

/**
 * The reading as the text `blockspin thermometer` prints, with T_c and the specific-heat maximum of the
 * same L for reference.
 *
 * @param r - The reading (runThermometer).
 * @returns Four lines of text.
 */
export function thermometerText(r: ThermometerReading): string {
  const peak = specificHeatMaximum(r.size);
  const temperature = r.flag === "infinite"
    ? "T = infinity (mean energy >= 0: no finite temperature has it)"
    : r.flag === "zero"
      ? `T = 0 (every sample in a ground state; below ${r.temperatureError.toFixed(3)}, where one flipped spin would be expected)`
      : `T = ${r.temperature.toFixed(4)} ± ${r.temperatureError.toFixed(4)}`;
  return [
    `${r.count} samples of ${r.size} x ${r.size}`,
    temperature,
    `e = ${r.energy.toFixed(5)} ± ${r.energyError.toFixed(5)} per spin, <|m|> = ${r.absMagnetization.toFixed(4)}`,
    `for reference: T_c = ${CRITICAL_TEMPERATURE.toFixed(4)}, specific-heat maximum of L = ${r.size} at ${peak.temperature.toFixed(4)}`,
  ].join("\n");
}
