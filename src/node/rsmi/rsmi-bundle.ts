// An RSMI model bundle on disk (docs/cli.md, "rsmi"): rsmi-model.json (the
// manifest, src/rsmi/rsmi-manifest.ts: `kind: "rsmi"`, the filters of every
// level), rsmi.json (the bound per epoch, in nats and as fractions of its
// ceiling ln K and of the coarse variables' entropy ceiling k ln 2),
// filters-level{l}.png (each level's filter rows, blue-white-red) and
// rsmi-bound.png (the bound per epoch). Every file is written atomically.

import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { rsmiBoundSpec } from "../../charts/rsmi-chart.js";
import { RSMI_MODEL_FILE, rsmiManifestSchema, type RsmiManifest } from "../../rsmi/rsmi-manifest.js";
import type { RsmiRunLevel } from "../../rsmi/rsmi-run.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { renderPng } from "../render/chart.js";
import { renderFieldGrid } from "../render/field-grid.js";
import { UsageError } from "../runtime/usage-error.js";

/** The training summary file of a bundle. */
export const RSMI_SUMMARY_FILE = "rsmi.json";

/**
 * Whether a directory holds an RSMI bundle (its rsmi-model.json).
 *
 * @param dir - A directory.
 * @returns True when DIR/rsmi-model.json exists.
 */
export function isRsmiBundle(dir: string): boolean {
  return existsSync(join(dir, RSMI_MODEL_FILE));
}

/**
 * Writes a bundle: the manifest, rsmi.json, a filter PNG per level and the bound chart.
 *
 * @param dir - The bundle directory (exists).
 * @param manifest - rsmi-model.json's contents.
 * @param levels - The levels as learned (with their bound per epoch).
 * @param title - The chart's subtitle.
 * @returns The paths written.
 */
export async function writeRsmiBundle(dir: string, manifest: RsmiManifest, levels: readonly RsmiRunLevel[], title: string): Promise<string[]> {
  const paths: string[] = [];
  const write = async (name: string, data: Uint8Array | string) => {
    const path = join(dir, name);
    await writeFileAtomic(path, data);
    paths.push(path);
  };
  await write(RSMI_MODEL_FILE, jsonText(manifest));
  await write(RSMI_SUMMARY_FILE, jsonText(rsmiSummary(levels)));
  for (const level of levels) await write(`filters-level${level.level}.png`, await renderFilters(level));
  await write("rsmi-bound.png", await renderPng(rsmiBoundSpec(levels, title)));
  return paths;
}

/**
 * rsmi.json's contents: per level the final bound and the bound per epoch, in nats and as fractions of
 * ln K (InfoNCE's ceiling) and of k ln 2 (the most k binary coarse variables can carry).
 *
 * @param levels - The levels as learned.
 * @returns The JSON value.
 */
export function rsmiSummary(levels: readonly RsmiRunLevel[]): Record<string, unknown> {
  return {
    format: "blockspin-rsmi", formatVersion: 1,
    levels: levels.map((level) => {
      const entropy = level.hidden * Math.LN2;
      return {
        level: level.level, side: level.side, block: level.block, buffer: level.buffer, environment: level.environment, hidden: level.hidden,
        ceiling: level.ceiling, coarseEntropy: entropy,
        bound: level.bound, boundError: level.boundError, boundOverCeiling: level.bound / level.ceiling, boundOverCoarseEntropy: level.bound / entropy,
        epochs: level.epochs.map((e) => ({
          epoch: e.epoch, bound: e.bound, boundError: e.boundError, boundOverCeiling: e.bound / level.ceiling, boundOverCoarseEntropy: e.bound / entropy,
        })),
      };
    }),
  };
}

/** A level's k filter rows as b x b tiles (renderFieldGrid's (sites, units) layout). */
function renderFilters(level: RsmiRunLevel): Promise<Buffer> {
  const sites = level.block * level.block;
  const fields = new Float32Array(sites * level.hidden);
  level.filters.forEach((row, c) => row.forEach((w, s) => { fields[s * level.hidden + c] = w; }));
  return renderFieldGrid(fields, sites, level.hidden, level.block);
}

/**
 * Reads and checks DIR/rsmi-model.json; every problem is a one-line UsageError.
 *
 * @param dir - The bundle directory.
 * @param flag - The flag the errors name (default `--model`).
 * @returns The manifest.
 */
export async function readRsmiManifest(dir: string, flag = "--model"): Promise<RsmiManifest> {
  const path = join(dir, RSMI_MODEL_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag}: ${dir} is not a directory`);
  if (!existsSync(path)) throw new UsageError(`${flag}: ${path} is missing (not an RSMI bundle)`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message.replace(/\s+/g, " ")})`);
  }
  const parsed = rsmiManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: field ${issue.path.join(".") || "(root)"}: ${issue.message.replace(/\s+/g, " ")}`);
  }
  return parsed.data;
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}
