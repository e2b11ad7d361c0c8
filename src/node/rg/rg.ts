// `blockspin rg`: is it renormalization? The physics of the coarse variables
// of a trained stack, or of majority rule without one, level by level:
// writes DIR/rg.json and prints the same as a table.

import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { loadCore } from "../../index.js";
import { binaryLayerData, selectRows, type LayerData } from "../../rbm/layer-data.js";
import { rgAnalysis, type RgAnalysis } from "../../rg/rg-analysis.js";
import { checkMajorityLevels } from "../../rg/majority-rule.js";
import { MAX_OPERATORS, MCRG_OPERATORS } from "../../rg/mcrg.js";
import type { RgLevel } from "../../rg/rg-levels.js";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readModelBundle } from "../io/model-bundle.js";
import { readNpy } from "../io/npy.js";
import { integerAtLeast } from "../settings/flag-values.js";
import { prepareOutputDirectory } from "../io/output-path.js";
import { UsageError } from "../runtime/usage-error.js";
import { LIBRARY_VERSION } from "../runtime/version.js";

interface RgFlags {
  data: string;
  model?: string;
  levels?: number;
  samples?: number;
  seed: number;
  out: string;
  threads: number;
}

/** Spin samples of an L x L lattice read for `rg`. */
export interface RgSamples {
  path: string;
  lattice: number;
  data: LayerData;
}

/** The commander definition of `blockspin rg`. */
export function rgCommand(): Command {
  return new Command("rg")
    .description(
      "Is it renormalization? Measure the coarse variables of a trained stack (hidden states sampled up the " +
      "stack from the data, as +-1 spins aligned to each unit's receptive field and placed at its centre), or of " +
      "majority-rule b = 2 block spins without --model, level by level (level 0 = the data): second-moment " +
      "correlation length xi2 in original lattice spacings and its ratio to the data's, <|m|>, Binder U, tiling " +
      "error of the coarse grid (coarse spacings), share of localized units, and Swendsen's linearized MCRG " +
      `(lambda_t, nu = ln b / ln lambda_t, ${MAX_OPERATORS} operators: ${MCRG_OPERATORS.join(", ")}; ` +
      "marked * when not meaningful: a tiling error >= 0.5 at that level or the one below). Writes OUT/rg.json and prints a table.",
    )
    .requiredOption("--data <file.npy>", "int8 -1/+1 spin samples of shape (N, L, L)")
    .option("--model <dir>", "model bundle (from blockspin train); without it, majority rule")
    .option("--levels <n>", "levels above the data [all the model's layers; majority rule: halvings down to a side >= 4, 3 for L = 40]", integerAtLeast(1))
    .option("--samples <n>", "use the first n samples [all]", integerAtLeast(2))
    .option("--seed <s>", "seed of the hidden-state sampling and the majority-rule tie coins", integerAtLeast(0), 1)
    .option("--out <dir>", "output directory for rg.json", "rg")
    .option("--threads <n>", "threads for propagating through the model (results are identical for any count) [available cores]", integerAtLeast(1), availableParallelism())
    .action(async (flags: RgFlags) => {
      const samples = await readSpinSamples(flags.data, flags.samples);
      const bundle = flags.model === undefined ? undefined : await readModelBundle(flags.model);
      if (bundle) {
        const nInputs = bundle.layers[0]!.nVisible;
        if (nInputs !== samples.data.nVisible) {
          throw new UsageError(`--model: its first layer has ${nInputs} visible units, the ${samples.lattice}x${samples.lattice} data has ${samples.data.nVisible}`);
        }
        if (flags.levels !== undefined && flags.levels > bundle.layers.length) {
          throw new UsageError(`--levels: the model has ${bundle.layers.length} layers, got ${flags.levels}`);
        }
      } else if (flags.levels !== undefined) {
        try {
          checkMajorityLevels(samples.lattice, flags.levels);
        } catch (error) {
          throw new UsageError(`--levels: majority rule needs L divisible by 2^levels: ${(error as Error).message}`);
        }
      }
      prepareOutputDirectory(flags.out, "--out");
      const core = await loadCore();
      const analysis = rgAnalysis(core, samples.data, samples.lattice, {
        ...(bundle ? { layers: bundle.layers } : {}),
        ...(flags.levels !== undefined ? { levels: flags.levels } : {}),
        seed: flags.seed, threads: flags.threads,
      });
      const path = join(flags.out, "rg.json");
      await writeFileAtomic(path, rgJson(analysis, {
        data: flags.data, model: flags.model ?? null, lattice: samples.lattice, samples: samples.data.nSamples, seed: flags.seed,
      }));
      console.log(formatRgTable(analysis.levels));
      console.log(`wrote ${path}`);
    });
}

/** Reads int8 +-1 samples of shape (N, L, L), optionally the first `count`; every problem is a one-line UsageError. */
export async function readSpinSamples(path: string, count?: number): Promise<RgSamples> {
  let array;
  try {
    array = await readNpy(path);
  } catch (error) {
    throw new UsageError(`--data: ${(error as Error).message.split("\n")[0]}`);
  }
  const { shape, dtype } = array;
  if (dtype !== "int8") throw new UsageError(`--data: ${path} has dtype ${dtype}; expected int8 spins -1/+1`);
  if (shape.length !== 3 || shape[1] !== shape[2] || shape[0]! < 2 || shape[1]! < 2) {
    throw new UsageError(`--data: ${path} has shape (${shape.join(", ")}); expected (N, L, L) with N >= 2, L >= 2`);
  }
  const spins = array.data as Int8Array;
  const bad = spins.findIndex((s) => s !== 1 && s !== -1);
  if (bad >= 0) throw new UsageError(`--data: ${path} holds ${spins[bad]} at flat index ${bad}; expected spins -1/+1 only`);
  const lattice = shape[1]!;
  let data = binaryLayerData(spins, shape);
  if (count !== undefined) {
    if (count > data.nSamples) throw new UsageError(`--samples: ${path} has ${data.nSamples} samples, asked for ${count}`);
    data = selectRows(data, Array.from({ length: count }, (_, i) => i));
  }
  return { path, lattice, data };
}

/** rg.json: the levels with the key names (NaN written as null), and what they were measured on. */
export function rgJson(analysis: RgAnalysis, source: Record<string, unknown>): string {
  return `${JSON.stringify({
    format: "blockspin-rg", formatVersion: 1, libraryVersion: LIBRARY_VERSION, method: analysis.method, ...source,
    mcrgOperators: MCRG_OPERATORS,
    levels: analysis.levels,
  }, (_, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2)}\n`;
}

/** The levels as an aligned text table; MCRG numbers that are not meaningful carry a *. */
export function formatRgTable(levels: readonly RgLevel[]): string {
  const header = ["level", "units", "xi2", "xi2Ratio", "|m|", "binder", "tiling", "localized", "lambdaT", "nu"];
  const num = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
  const rows = levels.map((l) => {
    const mark = l.level > 0 && !l.mcrgMeaningful && Number.isFinite(l.nu) ? "*" : "";
    return [String(l.level), String(l.units), num(l.xi2, 3), num(l.xi2Ratio, 3), num(l.absMagnetization, 3), num(l.binder, 3),
      num(l.tilingError, 3), num(l.localizedFraction, 2), num(l.lambdaT, 3) + mark, num(l.nu, 3) + mark];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  const note = rows.some((r) => r[9]!.endsWith("*")) ? "\n* not meaningful: tiling error >= 0.5 coarse spacings at that level or the one below" : "";
  return [line(header), ...rows.map(line)].join("\n") + note;
}
