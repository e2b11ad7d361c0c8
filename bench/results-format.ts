// The result files `npm run bench` writes and commits: bench/results/<suite>.json,
// one per suite, overwritten by each run of that suite, so that `git diff`
// of a new run shows the values, the machine and the commit that changed.
// Values keep 4 significant digits (more would only be noise in the diff).
// docs/benchmarks.md is generated from these files alone
// (bench/benchmarks-md.ts); both validate them with the schema below.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** Bumped when a field changes meaning or is removed; readers refuse other versions. */
export const RESULT_FORMAT = 1;

const Peer = z.object({
  /** What the suite compares with, e.g. "scikit-learn", "Chromium". */
  name: z.string().min(1),
  /** Its version as that program reports it, or why it did not run ("not installed ..."). */
  version: z.string().min(1),
}).strict();

const Row = z.object({
  name: z.string().min(1),
  /** null where the suite could not measure (its note says why). */
  value: z.number().finite().nullable(),
  unit: z.string(),
  note: z.string().optional(),
}).strict();

export const SuiteResultSchema = z.object({
  format: z.literal(RESULT_FORMAT),
  suite: z.string().regex(/^[a-z][a-z0-9-]*$/, "a suite name: lower case letters, digits and dashes"),
  /** What the suite measures, one or two sentences. */
  description: z.string(),
  /** When the run started, ISO 8601 UTC. */
  date: z.string().datetime(),
  /** The suite's own wall time. */
  seconds: z.number().nonnegative(),
  commit: z.object({
    /** `git rev-parse --short HEAD`, or "unknown" outside a git checkout. */
    hash: z.string().min(1),
    /** Tracked files differed from that commit when the run started (results and docs/benchmarks.md aside). */
    dirty: z.boolean(),
  }).strict(),
  machine: z.object({
    cpu: z.string(),
    cores: z.number().int().positive(),
    memoryGiB: z.number().positive(),
    platform: z.string(),
    arch: z.string(),
    /** Kernel release (os.release()). */
    release: z.string(),
    node: z.string(),
    /** 1-, 5- and 15-minute load averages when the run started (all 0 where the OS has none). */
    loadAverage: z.tuple([z.number(), z.number(), z.number()]),
  }).strict(),
  /** The programs the suite measured against in this run, with their versions. */
  peers: z.array(Peer),
  rows: z.array(Row),
}).strict();

export type SuiteResult = z.infer<typeof SuiteResultSchema>;
export type ResultPeer = z.infer<typeof Peer>;
export type ResultRow = z.infer<typeof Row>;

/** A parsed result file, or an error naming the file and each field that is wrong. */
export function parseSuiteResult(text: string, file: string): SuiteResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = SuiteResultSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.length > 0 ? issue.path.join(".") : "(file)"}: ${issue.message}`);
    throw new Error(`${file}: not a benchmark result file (format ${RESULT_FORMAT}):\n${problems.join("\n")}`);
  }
  const expected = `${parsed.data.suite}.json`;
  if (!file.endsWith(expected)) throw new Error(`${file}: holds suite "${parsed.data.suite}", so it should be named ${expected}`);
  return parsed.data;
}

/** Every bench/results/<suite>.json in `dir`, validated, sorted by suite name. */
export function readSuiteResults(dir: string): SuiteResult[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => parseSuiteResult(readFileSync(join(dir, name), "utf8"), join(dir, name)));
}

/** A measured value as stored: 4 significant digits; NaN and infinities (nothing measured) as null. */
export function storedValue(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : null;
}

/** What a suite's run produced, its rows as the suites return them (NaN where nothing was measured). */
export interface SuiteRun extends Omit<SuiteResult, "format" | "rows"> {
  rows: readonly { name: string; value: number; unit: string; note?: string }[];
}

/** The result file's content for a run (values rounded, seconds whole), validated: a bug here fails before writing. */
export function suiteResult(run: SuiteRun): SuiteResult {
  const result = {
    format: RESULT_FORMAT, ...run, seconds: Math.round(run.seconds),
    rows: run.rows.map(({ name, value, unit, note }) => ({ name, value: storedValue(value), unit, ...(note ? { note } : {}) })),
  };
  return parseSuiteResult(JSON.stringify(result), `${run.suite}.json`);
}

/** The text of a result file. */
export function formatSuiteResult(result: SuiteResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
