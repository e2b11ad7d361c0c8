// Bad input from the user: reported as one line, exit code 2, no stack.
/**
 * Bad input from the user (a flag, a file, a spec): the command line reports its message as one line and
 * exits with code 2, without a stack.
 */
export class UsageError extends Error {
  /** The error's name, `UsageError` (subclasses keep it, so `name` tells any usage error). */
  override readonly name = "UsageError";
}

export const EXIT_USAGE = 2;
