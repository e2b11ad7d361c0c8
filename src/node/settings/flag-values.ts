// Parsers for command-line values. Each throws commander's
// InvalidArgumentError, which commander turns into a one-line message that
// names the flag: "option '--size <L>' argument '1' is invalid. ...".

import { InvalidArgumentError } from "commander";

export function integerAtLeast(minimum: number, what = "an integer"): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\s*[+]?\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < minimum) {
      throw new InvalidArgumentError(`expected ${what} >= ${minimum}`);
    }
    return parsed;
  };
}

export function positiveFinite(what: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === "" || !Number.isFinite(parsed) || parsed <= 0) {
      throw new InvalidArgumentError(`expected ${what}: a finite number > 0`);
    }
    return parsed;
  };
}
