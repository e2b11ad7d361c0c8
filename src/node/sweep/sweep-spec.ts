// A sweep spec: JSON naming the sampling and training settings of a grid of
// tasks. `sample` and `train` take the keys of the `sample` and `train`
// command-line flags in camelCase; a value written as a JSON list is an axis.
// Flags that themselves take a list (`layers`, per-layer `epochs`) are
// written as the command line writes them, a comma string ("400,100,25").
//
// The keys, their defaults and their value checks are read from the
// commands' own option definitions, so a spec accepts exactly what the
// flags accept (one home for each fact).

import type { Command, Option } from "commander";
import { z } from "zod";
import { sampleCommand } from "../sample/sample.js";
import { trainCommand } from "../training/train.js";
import { UsageError } from "../runtime/usage-error.js";

/** A JSON scalar as written in the spec (a comma string for list flags). */
export type SpecValue = string | number | boolean;

/** One group of settings (`sample` or `train`): each key has one value or, for an axis, several. */
export interface ParsedSettings {
  /** Parsed values per key, as the command's flag parser returns them; length > 1 for an axis. */
  values: Record<string, unknown[]>;
  /** The values as written in the spec, parallel to `values` (axis labels, CSV columns). */
  written: Record<string, SpecValue[]>;
}

export interface SweepSpec {
  name: string;
  description?: string;
  sample: ParsedSettings;
  train: ParsedSettings;
  /** Training seeds: always an axis (the innermost one). */
  seeds: number[];
}

/** Flags that are not settings of a task: where it writes, how fast it runs, how it reports. */
const SAMPLE_EXCLUDED = new Set(["out", "quiet", "threads", "logInterval"]);
const TRAIN_EXCLUDED = new Set(["data", "out", "seed", "threads", "quiet", "checkpointEvery", "resume", "force", "logInterval"]);

interface SettingKey {
  option: Option;
  key: string;
}

function settingKeys(command: Command, excluded: ReadonlySet<string>): SettingKey[] {
  return command.options
    .map((option) => ({ option, key: option.attributeName() }))
    .filter(({ key }) => !excluded.has(key));
}

/** Default values of the command's options (e.g. sample's size 40, train's preset rbm.m), for the keys kept. */
export function commandDefaults(command: Command, excluded: ReadonlySet<string>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const { option, key } of settingKeys(command, excluded)) {
    if (option.defaultValue !== undefined && !option.isBoolean()) defaults[key] = option.defaultValue;
  }
  return defaults;
}

export const sampleDefaults = (): Record<string, unknown> => commandDefaults(sampleCommand(), SAMPLE_EXCLUDED);
export const trainDefaults = (): Record<string, unknown> => commandDefaults(trainCommand(), TRAIN_EXCLUDED);

/** Parses one written value with the flag's own parser; throws a message for the spec's error. */
function parseWithOption(option: Option, value: SpecValue): unknown {
  if (option.isBoolean()) {
    if (typeof value !== "boolean") throw new Error(`expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }
  if (typeof value === "boolean") throw new Error(`expected a ${option.flags.includes(",") ? "comma string" : "value"}, got ${value}`);
  const text = String(value);
  if (!option.parseArg) return text;
  try {
    return option.parseArg(text, undefined as unknown);
  } catch (error) {
    throw new Error(`${JSON.stringify(value)}: ${(error as Error).message}`);
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  errorMap: () => ({ message: "expected a string, number or boolean (or a JSON list of them for an axis)" }),
});

function settingsSchema(command: Command, excluded: ReadonlySet<string>) {
  const keys = settingKeys(command, excluded);
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const { option, key } of keys) {
    shape[key] = z.union([scalar, z.array(scalar).min(1, "an axis needs at least one value")], {
      errorMap: (issue, ctx) => issue.code === "invalid_union"
        ? { message: "expected a value or a non-empty JSON list of values (an axis)" }
        : { message: ctx.defaultError },
    }).superRefine((value, ctx) => {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item, i) => {
        try {
          parseWithOption(option, item);
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message, path: Array.isArray(value) ? [i] : [] });
        }
      });
      if (Array.isArray(value) && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "an axis lists a value twice" });
      }
    }).optional();
  }
  return z.object(shape).strict().default({}).transform((given): ParsedSettings => {
    const values: Record<string, unknown[]> = {};
    const written: Record<string, SpecValue[]> = {};
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined) continue;
      const list = (Array.isArray(value) ? value : [value]) as SpecValue[];
      const option = keys.find((k) => k.key === key)!.option;
      written[key] = list;
      values[key] = list.map((item) => parseWithOption(option, item));
    }
    return { values, written };
  });
}

function specSchema() {
  return z.object({
    name: z.string().regex(/^[\w.-]+$/, "expected a name of letters, digits, '.', '_' or '-'"),
    description: z.string().optional(),
    sample: settingsSchema(sampleCommand(), SAMPLE_EXCLUDED)
      .refine((s) => !(s.values["coupling"] && s.values["temperature"]), "give coupling or temperature, not both"),
    train: settingsSchema(trainCommand(), TRAIN_EXCLUDED)
      .refine((s) => !(s.values["layers"] && s.values["hidden"]), "give layers or hidden, not both"),
    seeds: z.array(z.number().int().min(0), { invalid_type_error: "expected a JSON list of integer seeds >= 0" })
      .min(1, "give at least one seed")
      .refine((seeds) => new Set(seeds).size === seeds.length, "a seed is listed twice"),
  }, { invalid_type_error: "expected a JSON object" }).strict();
}

/** Parses and validates a spec; any problem is one UsageError line naming the field, e.g. `train.penaltyStrength[1]: ...`. */
export function parseSweepSpec(json: unknown, source = "spec"): SweepSpec {
  const parsed = specSchema().safeParse(json);
  if (!parsed.success) throw new UsageError(`${source}: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

/** Reads SPEC.json text: not JSON is a usage error too. */
export function parseSweepSpecText(text: string, source: string): SweepSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parseSweepSpec(json, source);
}

function describeIssue(issue: z.ZodIssue): string {
  const field = fieldName(issue.path);
  if (issue.code === "unrecognized_keys") {
    const where = field ? `${field}.` : "";
    return `${issue.keys.map((k) => `${where}${k}`).join(", ")}: unknown key${issue.keys.length > 1 ? "s" : ""}`;
  }
  return `${field || "(top level)"}: ${issue.message}`;
}

/** ["train", "penaltyStrength", 1] -> "train.penaltyStrength[1]". */
export function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>((name, part) => typeof part === "number" ? `${name}[${part}]` : name ? `${name}.${part}` : part, "");
}
