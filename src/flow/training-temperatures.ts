// Which temperatures the flow's RBM is trained on: the controls that decide
// whether "flowing to T_c" is learned from critical configurations.

/** all: Iso et al.; extremes: T <= 0.5 and T >= 5.5 only (Veiga & Vicente's control); no-critical: not 1.8 <= T <= 2.8. */
export const TRAINING_PRESETS = ["all", "extremes", "no-critical"] as const;
/** One of TRAINING_PRESETS. */
export type TrainingPreset = (typeof TRAINING_PRESETS)[number];

/** "extremes" keeps temperatures at or below this (units of J / k_B). */
export const EXTREMES_BELOW = 0.5;
/** "extremes" keeps temperatures at or above this (units of J / k_B). */
export const EXTREMES_ABOVE = 5.5;
/** "no-critical" drops temperatures inside this closed window around T_c (units of J / k_B). */
export const CRITICAL_WINDOW: [low: number, high: number] = [1.8, 2.8];

/** Rounding slack for grids built by repeated addition (0.25:6:0.25 gives 0.5 and 5.5 to within 1e-9). */
const SLACK = 1e-9;

/**
 * The sampled temperatures a preset keeps, in their order.
 *
 * @param preset - "all", "extremes" or "no-critical".
 * @param temperatures - The temperatures sampled (units of J / k_B).
 * @returns Those the preset trains on.
 *
 * @example
 * ```ts
 * presetTemperatures("no-critical", parseTemperatures("0.25:6:0.25")); // drops 2.0 ... 2.75
 * ```
 */
export function presetTemperatures(preset: TrainingPreset, temperatures: readonly number[]): number[] {
  switch (preset) {
    case "all": return [...temperatures];
    case "extremes": return temperatures.filter((t) => t <= EXTREMES_BELOW + SLACK || t >= EXTREMES_ABOVE - SLACK);
    case "no-critical": return temperatures.filter((t) => t < CRITICAL_WINDOW[0] - SLACK || t > CRITICAL_WINDOW[1] + SLACK);
  }
}

/**
 * Temperatures from "from:to:step" (inclusive of `to` within rounding) or a comma list "0.5,1,2.27"; values are
 * rounded to 1e-9 so grids are exact decimals (at most 10,000 values from a range).
 *
 * @param spec - "from:to:step" or "t1,t2,...".
 * @returns The temperatures, in order (units of J / k_B).
 * @throws RangeError on an empty range, a step <= 0, or a temperature that is not finite and > 0.
 *
 * @example
 * ```ts
 * parseTemperatures("0.5:1.5:0.25"); // [0.5, 0.75, 1, 1.25, 1.5]
 * ```
 */
export function parseTemperatures(spec: string): number[] {
  const round = (t: number) => Math.round(t * 1e9) / 1e9;
  const range = /^\s*([^:]+):([^:]+):([^:]+)\s*$/.exec(spec);
  let values: number[];
  if (range) {
    const [from, to, step] = range.slice(1).map(Number) as [number, number, number];
    if (![from, to, step].every(Number.isFinite) || !(step > 0)) throw new RangeError(`"${spec}" is not a range from:to:step with step > 0`);
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    values = count > 0 ? Array.from({ length: Math.min(count, 10_000) }, (_, i) => round(from + i * step)) : [];
  } else {
    values = spec.split(",").filter((s) => s.trim() !== "").map((s) => Number(s));
  }
  if (values.length === 0) throw new RangeError(`"${spec}" gives no temperatures`);
  const bad = values.find((t) => !(t > 0) || !Number.isFinite(t));
  if (bad !== undefined) throw new RangeError(`temperatures must be finite and > 0, got ${bad} in "${spec}"`);
  return values;
}
