// The values a pipeline's settings take, as zod schemas: each reads a flag's
// text ("16", "400,100,25") or takes an already typed value (a default, a
// value recorded in a checkpoint), checks it and gives it its type. A failed
// check is one message, which the command line reports the way commander
// does ("option '--size <L>' argument '1' is invalid. expected an integer
// >= 2") and a sweep spec with its field ("train.penaltyStrength[1]:
// "-1": expected a finite number >= 0").
//
// Each pipeline's settings schema (training/train-settings.ts,
// sample/sample-settings.ts, ...) is a z.object of these, in flag order.

import { z } from "zod";

/** A setting's schema: any input (flag text or typed value), a typed output. */
export type FlagValue<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/** Marks values written as comma lists ("a,b"): a sweep spec asks for a "comma string" for them. */
export const COMMA_STRING = "comma string";

/**
 * A setting read from text by `read` (undefined: unreadable) and checked by `valid`; typed inputs
 * skip `read`. Every failure is `message`.
 */
export function flagValue<T>(read: (text: string) => T | undefined, valid: (value: unknown) => boolean, message: string): FlagValue<T> {
  return z.unknown().transform((given, ctx) => {
    const value = typeof given === "string" ? read(given) : given;
    if (value === undefined || !valid(value)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    }
    return value as T;
  });
}

const INTEGER_TEXT = /^\s*[+]?\d+\s*$/;

/** An integer >= minimum, written in digits only ("1e3" and "2.0" are refused). */
export function integerAtLeast(minimum: number, what = "an integer"): FlagValue<number> {
  return flagValue(
    (text) => (INTEGER_TEXT.test(text) ? Number(text) : undefined),
    (value) => Number.isSafeInteger(value) && (value as number) >= minimum,
    `expected ${what} >= ${minimum}`,
  );
}

/** A finite number passing `check`; `what` is the whole message after "expected ". */
export function finiteNumber(what: string, check: (value: number) => boolean): FlagValue<number> {
  return flagValue(
    (text) => (text.trim() === "" ? undefined : Number(text)),
    (value) => typeof value === "number" && Number.isFinite(value) && check(value),
    `expected ${what}`,
  );
}

/** A finite number > 0, named in the message: "expected coupling K: a finite number > 0". */
export function positiveFinite(what: string): FlagValue<number> {
  return finiteNumber(`${what}: a finite number > 0`, (value) => value > 0);
}

/** One of `choices`, with commander's own message for a choice flag. */
export function choiceOf<const T extends readonly string[]>(choices: T): FlagValue<T[number]> & {
  /** The allowed values, in the order the help lists them. */
  choices: T;
} {
  const schema = flagValue<T[number]>(
    (text) => text,
    (value) => (choices as readonly unknown[]).includes(value),
    `Allowed choices are ${choices.join(", ")}.`,
  );
  return Object.assign(schema, { choices });
}

/**
 * A comma-separated list ("400,100,25") of `item`s (typed: an array of them); a failure is the failing
 * item's message. `written` names how a sweep spec writes it (undefined: as a plain value).
 */
export function listOf<T>(item: FlagValue<T>, written: string | undefined = COMMA_STRING): FlagValue<T[]> {
  const schema = z.unknown().transform((given, ctx) => {
    const items: unknown[] | undefined = typeof given === "string" ? given.split(",").map((part) => part.trim()) : Array.isArray(given) ? given : undefined;
    if (items === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "expected a comma-separated list" });
      return z.NEVER;
    }
    const values: T[] = [];
    for (const part of items) {
      const parsed = item.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
        return z.NEVER;
      }
      values.push(parsed.data);
    }
    return values;
  });
  return written === undefined ? schema : schema.describe(written);
}

/** A boolean switch (a flag without a value). */
export const switchFlag = (): z.ZodBoolean => z.boolean();

/** Text taken as written (a path, a name). */
export const text = (): z.ZodString => z.string();

/** Seconds >= 0 between progress lines (--log-interval). */
export const logIntervalSeconds = (): FlagValue<number> => finiteNumber("seconds >= 0", (value) => value >= 0);

/** A setting's schema without its optional/default wrappers. */
export function innerSchema(field: z.ZodTypeAny): z.ZodTypeAny {
  let inner = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner._def.innerType as z.ZodTypeAny;
  return inner;
}

/** Whether a setting is a switch (true or false, no value). */
export const isSwitch = (field: z.ZodTypeAny): boolean => innerSchema(field) instanceof z.ZodBoolean;

/** A setting's default (typed), or undefined when it has none. */
export function defaultOf(field: z.ZodTypeAny): unknown {
  return field instanceof z.ZodDefault ? field.parse(undefined) : undefined;
}

/** The choices of a choice setting (choiceOf), or undefined. */
export function choicesOf(field: z.ZodTypeAny): readonly string[] | undefined {
  const inner = innerSchema(field) as z.ZodTypeAny & { choices?: readonly string[] };
  return inner.choices;
}

/** The defaults of the settings in `shape` that have one, switches left out, in the shape's order. */
export function settingDefaults(shape: z.ZodRawShape, keys: readonly string[] = Object.keys(shape)): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const key of keys) {
    const field = shape[key]!;
    const value = defaultOf(field);
    if (value !== undefined && !isSwitch(field)) defaults[key] = value;
  }
  return defaults;
}

/** Reads one setting's text; throws an Error carrying the schema's message. */
export function readSetting<T>(field: z.ZodType<T, z.ZodTypeDef, unknown>, value: string): T {
  const parsed = field.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues[0]!.message);
  return parsed.data;
}
