// `blockspin thermometer`: the flags (thermometerSettingsSchema's), a call
// of runThermometer, the reading as text or JSON.

import { Command } from "commander";
import { runThermometer, thermometerJson, thermometerText } from "../thermometer/thermometer.js";
import { thermometerSettingsSchema, type ThermometerSettings } from "../thermometer/thermometer-settings.js";
import { settingOption } from "./options.js";

export function thermometerCommand(): Command {
  const s = thermometerSettingsSchema.shape;
  return new Command("thermometer")
    .description(
      "Read the temperature of L x L periodic Ising configurations by inverting the exact finite-L mean energy " +
      "per spin e(T) (Kaufman 1949; Ferdinand & Fisher 1969) at the samples' mean energy. The standard error " +
      "comes from batch means of the energy (20 contiguous batches, so correlated neighbours widen it) " +
      "divided by the exact de/dT. A mean energy >= 0 reads as T = infinity, one at -2 as T = 0, each flagged.",
    )
    .addOption(settingOption("--data <file.npy>", "samples, shape (count, L, L) or (count, L*L): int8 -1/+1 or uint8/bool 0/1", s.data).makeOptionMandatory())
    .addOption(settingOption("--json", "print JSON: temperature, temperatureError, energy, energyError, absMagnetization, size, count, flag", s.json))
    .action(async (settings: ThermometerSettings) => {
      const reading = await runThermometer(settings.data);
      console.log(settings.json ? thermometerJson(reading) : thermometerText(reading));
    });
}
