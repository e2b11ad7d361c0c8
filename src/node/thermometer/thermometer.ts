// `blockspin thermometer`: the temperature of a file of torus configurations,
// read by inverting the exact finite-L e(T) (src/ising/thermometer.ts).

import { Command } from "commander";
import { CRITICAL_TEMPERATURE } from "../../ising/coupling.js";
import { specificHeatMaximum } from "../../ising/exact.js";
import { readTemperature, type ThermometerReading, type TorusSamples } from "../../ising/thermometer.js";
import { readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import { UsageError } from "../runtime/usage-error.js";

interface ThermometerFlags {
  data: string;
  json?: boolean;
}

export function thermometerCommand(): Command {
  return new Command("thermometer")
    .description(
      "Read the temperature of L x L periodic Ising configurations by inverting the exact finite-L mean energy " +
      "per spin e(T) (Kaufman 1949; Ferdinand & Fisher 1969) at the samples' mean energy. The standard error " +
      "comes from batch means of the energy (20 contiguous batches, so correlated neighbours widen it) " +
      "divided by the exact de/dT. A mean energy >= 0 reads as T = infinity, one at -2 as T = 0, each flagged.",
    )
    .requiredOption("--data <file.npy>", "samples, shape (count, L, L) or (count, L*L): int8 -1/+1 or uint8/bool 0/1")
    .option("--json", "print JSON: temperature, temperatureError, energy, energyError, absMagnetization, size, count, flag")
    .action(async (flags: ThermometerFlags) => {
      const input = await readTrainingData(flags.data);
      const reading = readTemperature(torusSamples(input, "--data"));
      console.log(flags.json ? thermometerJson(reading) : thermometerText(reading));
    });
}

/** The samples of a data file as an L x L torus ensemble; UsageError naming `flag` if the shape is not square. */
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

/** JSON with Infinity written as "infinity" (JSON has no infinities; never NaN). */
export function thermometerJson(reading: ThermometerReading): string {
  return JSON.stringify(reading, (_key, value: unknown) => (value === Infinity ? "infinity" : value), 2);
}

function thermometerText(r: ThermometerReading): string {
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
