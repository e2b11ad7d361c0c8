// The settings of `blockspin serve`: one zod schema for the values, checks
// and defaults of its flags (src/node/cli/serve.ts parses them with it).

import { z } from "zod";
import { flagValue, text } from "../settings/flag-values.js";

const PORT_TEXT = /^\s*[+]?\d+\s*$/;

/** Every flag of `blockspin serve`, in the order of its help. */
export const serveSettingsSchema = z.object({
  /** TCP port, 0..65535 (--port); 0 picks a free one. Default 8080. */
  port: flagValue<number>(
    (written) => (PORT_TEXT.test(written) ? Number(written) : undefined),
    (value) => Number.isSafeInteger(value) && (value as number) >= 0,
    "expected a port number >= 0",
  ).pipe(z.number().max(65535, "expected a port number <= 65535")).default(8080),
  /** Address to listen on (--host); default `127.0.0.1`. */
  host: text().default("127.0.0.1"),
  /** Directory of the built page (default: dist/web of this package). */
  root: text().optional(),
});

/** Serve settings as parsed (flags given, defaults filled in). */
export type ServeSettings = z.output<typeof serveSettingsSchema>;
