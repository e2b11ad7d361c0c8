// Commander options from settings schemas (src/node/settings/flag-values.ts):
// the schema reads and checks the flag's text, gives its default and, for a
// choice, the choices the help lists; commander keeps the flag's syntax and
// help text. A failed check is commander's InvalidArgumentError, which it
// reports as one line naming the flag: "option '--size <L>' argument '1' is
// invalid. expected an integer >= 2".

import { InvalidArgumentError, Option } from "commander";
import type { z } from "zod";
import { choicesOf, defaultOf, isSwitch, readSetting, type FlagValue } from "../settings/flag-values.js";

/** A commander argument parser that reads with `field`. */
export function argParser<T>(field: FlagValue<T>): (value: string) => T {
  return (value) => {
    try {
      return readSetting(field, value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** The option `flags` ("--size <L>") whose value, check, default and choices are the setting `field`'s. */
export function settingOption(flags: string, description: string, field: z.ZodTypeAny): Option {
  const option = new Option(flags, description);
  const choices = choicesOf(field);
  if (choices) option.choices(choices);
  if (!isSwitch(field)) option.argParser(argParser(field as FlagValue<unknown>));
  const value = defaultOf(field);
  if (value !== undefined) option.default(value);
  return option;
}
