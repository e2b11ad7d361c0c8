// The settings of `blockspin thermometer`: one zod schema for its flags
// (src/node/cli/thermometer.ts parses them with it).

import { z } from "zod";
import { switchFlag, text } from "../settings/flag-values.js";

/** Every flag of `blockspin thermometer`, in the order of its help. */
export const thermometerSettingsSchema = z.object({
  /** Samples, shape (count, L, L) or (count, L*L): int8 -1/+1 or uint8/bool 0/1. */
  data: text(),
  /** Print JSON instead of text. */
  json: switchFlag().optional(),
});

/** Thermometer settings as parsed: the flags of `blockspin thermometer`. */
export type ThermometerSettings = z.output<typeof thermometerSettingsSchema>;
