// A sweep spec: JSON naming the sampling and training settings of a grid of
// tasks, or (`"kind": "flow"`) the settings of a grid of flow experiments
// under `flow`, whose keys are `blockspin flow`'s flags in camelCase. `sample` and `train` take the keys of the `sample` and `train`
// command-line flags in camelCase; a value written as a JSON list is an axis.
// Flags that themselves take a list (`layers`, per-layer `epochs`) are
// written as the command line writes them, a comma string ("400,100,25").
//
// The keys, their defaults and their value checks are the pipelines' own
// settings schemas (sample/sample-settings.ts, training/train-settings.ts),
// which the flags are parsed with too, so a spec accepts exactly what the
// flags accept (one home for each fact).

import { readFile } from "node:fs/promises";
import { z } from "zod";
import { flowSettingsSchema } from "../flow/flow-settings.js";
import { INVOCATION_SAMPLE_KEYS, sampleSettingsSchema } from "../sample/sample-settings.js";
import { INVOCATION_TRAIN_KEYS, trainSettingsSchema } from "../training/train-settings.js";
import { COMMA_STRING, innerSchema, isSwitch, readSetting, settingDefaults } from "../settings/flag-values.js";
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

/** A sweep spec as parsed (parseSweepSpec): its name and the settings of the grid of tasks. */
export interface SweepSpec {
  /** The sweep's name: letters, digits, '.', '_' or '-'. */
  name: string;
  /** Free text shown in the report. */
  description?: string;
  /** Sampling settings: `blockspin sample`'s flags in camelCase, less the per-invocation ones (out, quiet, threads). */
  sample: ParsedSettings;
  /** Training settings: `blockspin train`'s flags in camelCase, less data, seed and the per-invocation ones. */
  train: ParsedSettings;
  /** Training seeds: always an axis (the innermost one). For flow tasks, the flow's seed (sampling, training and flows). */
  seeds: number[];
  /** `flow` for a sweep of flow experiments (docs/cli.md, "sweep"); absent for training tasks. */
  kind?: "flow";
  /** With kind `flow`: `blockspin flow`'s settings, less seed and the per-invocation ones (FLOW_INVOCATION_KEYS). */
  flow?: ParsedSettings;
}

/** `blockspin flow` settings a flow task does not take from the spec: where it writes, how it runs and reports, and its seed (the seeds axis). */
export const FLOW_INVOCATION_KEYS = ["out", "threads", "quiet", "logInterval", "force", "seed"] as const;

/**
 * Settings that are not settings of a task: where it writes, how fast it runs, how it reports (and, for
 * training, its data and seed). Everything else is a key, the system too: `sample.model` `dimer` with its
 * `interaction` and `temperature`, and `train.encoding` for how the dimers become visible units.
 */
const SAMPLE_EXCLUDED: ReadonlySet<string> = new Set(INVOCATION_SAMPLE_KEYS);
const TRAIN_EXCLUDED: ReadonlySet<string> = new Set([...INVOCATION_TRAIN_KEYS, "data", "seed"]);
const FLOW_EXCLUDED: ReadonlySet<string> = new Set(FLOW_INVOCATION_KEYS);

interface SettingKey {
  field: z.ZodTypeAny;
  key: string;
}

function settingKeys(shape: z.ZodRawShape, excluded: ReadonlySet<string>): SettingKey[] {
  return Object.entries(shape)
    .map(([key, field]) => ({ field, key }))
    .filter(({ key }) => !excluded.has(key));
}

const keysOf = (shape: z.ZodRawShape, excluded: ReadonlySet<string>): string[] => settingKeys(shape, excluded).map(({ key }) => key);

/** Defaults of the sampling and training settings a task takes (e.g. sample's size 40, train's preset rbm.m). */
export const sampleDefaults = (): Record<string, unknown> =>
  settingDefaults(sampleSettingsSchema.shape, keysOf(sampleSettingsSchema.shape, SAMPLE_EXCLUDED));
export const trainDefaults = (): Record<string, unknown> =>
  settingDefaults(trainSettingsSchema.shape, keysOf(trainSettingsSchema.shape, TRAIN_EXCLUDED));
/** Defaults of the flow settings a flow task takes (e.g. size 10, preset iso; switches left out). */
export const flowDefaults = (): Record<string, unknown> =>
  settingDefaults(flowSettingsSchema.shape, keysOf(flowSettingsSchema.shape, FLOW_EXCLUDED));

/** Parses one written value with the setting's schema, as its flag would be; throws a message for the spec's error. */
function parseSetting(field: z.ZodTypeAny, value: SpecValue): unknown {
  if (isSwitch(field)) {
    if (typeof value !== "boolean") throw new Error(`expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }
  if (typeof value === "boolean") throw new Error(`expected a ${innerSchema(field).description === COMMA_STRING ? "comma string" : "value"}, got ${value}`);
  try {
    return readSetting(field as z.ZodType<unknown, z.ZodTypeDef, unknown>, String(value));
  } catch (error) {
    throw new Error(`${JSON.stringify(value)}: ${(error as Error).message}`, { cause: error });
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean()], {
  errorMap: () => ({ message: "expected a string, number or boolean (or a JSON list of them for an axis)" }),
});

function settingsSchema(settings: z.ZodRawShape, excluded: ReadonlySet<string>) {
  const keys = settingKeys(settings, excluded);
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const { field, key } of keys) {
    shape[key] = z.union([scalar, z.array(scalar).min(1, "an axis needs at least one value")], {
      errorMap: (issue, ctx) => issue.code === "invalid_union"
        ? { message: "expected a value or a non-empty JSON list of values (an axis)" }
        : { message: ctx.defaultError },
    }).superRefine((value, ctx) => {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((item, i) => {
        try {
          parseSetting(field, item);
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
      const field = keys.find((k) => k.key === key)!.field;
      written[key] = list;
      values[key] = list.map((item) => parseSetting(field, item));
    }
    return { values, written };
  });
}

const seedsSchema = () => z.array(z.number().int().min(0), { invalid_type_error: "expected a JSON list of integer seeds >= 0" })
  .min(1, "give at least one seed")
  .refine((seeds) => new Set(seeds).size === seeds.length, "a seed is listed twice");

function flowSpecSchema() {
  return z.object({
    name: z.string().regex(/^[\w.-]+$/, "expected a name of letters, digits, '.', '_' or '-'"),
    description: z.string().optional(),
    kind: z.literal("flow"),
    flow: settingsSchema(flowSettingsSchema.shape, FLOW_EXCLUDED),
    seeds: seedsSchema(),
  }, { invalid_type_error: "expected a JSON object" }).strict()
    .transform((spec): SweepSpec => ({ ...spec, sample: { values: {}, written: {} }, train: { values: {}, written: {} } }));
}

function specSchema() {
  return z.object({
    name: z.string().regex(/^[\w.-]+$/, "expected a name of letters, digits, '.', '_' or '-'"),
    description: z.string().optional(),
    sample: settingsSchema(sampleSettingsSchema.shape, SAMPLE_EXCLUDED)
      .refine((s) => !(s.values["coupling"] && s.values["temperature"]), "give coupling or temperature, not both"),
    train: settingsSchema(trainSettingsSchema.shape, TRAIN_EXCLUDED)
      .refine((s) => !(s.values["layers"] && s.values["hidden"]), "give layers or hidden, not both"),
    seeds: seedsSchema(),
  }, { invalid_type_error: "expected a JSON object" }).strict();
}

/**
 * Parses and validates a spec; any problem is one UsageError line naming the field, e.g. `train.penaltyStrength[1]: ...`.
 *
 * @param json - The spec as JSON.parse returned it.
 * @param source - What the error messages name it by (the file's path); default `spec`.
 * @returns The spec with every value parsed as its flag would be.
 */
export function parseSweepSpec(json: unknown, source = "spec"): SweepSpec {
  const isFlow = typeof json === "object" && json !== null && (json as Record<string, unknown>)["kind"] === "flow";
  const parsed = (isFlow ? flowSpecSchema() : specSchema()).safeParse(json);
  if (!parsed.success) throw new UsageError(`${source}: ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

/**
 * Parses SPEC.json's text (parseSweepSpec); text that is not JSON is a usage error too.
 *
 * @param text - The file's text.
 * @param source - What the error messages name it by (the file's path).
 * @returns The parsed spec.
 */
export function parseSweepSpecText(text: string, source: string): SweepSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  return parseSweepSpec(json, source);
}

/**
 * Reads and parses the spec file at `path` (parseSweepSpecText); an unreadable file is a usage error too.
 *
 * @param path - Path of the SPEC.json file.
 * @returns The parsed spec.
 */
export async function readSweepSpec(path: string): Promise<SweepSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseSweepSpecText(text, path);
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
