// Bad input from the user: reported as one line, exit code 2, no stack.
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_USAGE = 2;
