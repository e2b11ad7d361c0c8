// Collects saved runs (reproduce output directories) and writes
// report.html from them, without retraining: `blockspin report RUN_DIR...`.

import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "../io/atomic-write.js";
import { readModelManifest } from "../io/model-bundle.js";
import { UsageError } from "../runtime/usage-error.js";
import { LIBRARY_VERSION } from "../runtime/version.js";
import type { AnalysisSummary } from "./analysis-summary.js";
import { buildReport, type ReportSection } from "./report-html.js";
import type { RgRecord, RunRecord } from "./run-record.js";
import { xi2Chart } from "./report-rg.js";
import { RG_FILE } from "./rg-arm.js";
import { DIMER_RG_FILE, type DimerRgRecord } from "./dimer-rg-arm.js";
import { renderSvg } from "../render/chart.js";

interface ReproduceRecord {
  /** The system (reproduce --system); absent in runs from before there was a choice: ising. */
  system?: string;
  quick: boolean;
  /** The SampleOptions of the data (size, coupling, count, ...). */
  sampling: Record<string, unknown>;
  arms: { name: string; title: string; description: string }[];
}

/**
 * Writes report.html from saved reproduce runs, without retraining (`blockspin report RUN_DIR...`): every
 * analyzed arm and seed of every directory. Directories of one system share a section (with the setup of the
 * first); runs of different systems (Ising, dimers, digits) become one report with a column per system in its
 * verdict table.
 *
 * @param runDirs - Output directories of `blockspin reproduce`.
 * @param reportPath - Where the report goes; figures are linked relative to it.
 * @returns `reportPath`.
 */
export async function writeReport(runDirs: readonly string[], reportPath: string): Promise<string> {
  const sections = new Map<string, { setup: ReproduceRecord; runs: RunRecord[] }>();
  for (const runDir of runDirs) {
    const record = await readReproduceRecord(runDir);
    const system = record.system ?? "ising";
    const section = sections.get(system) ?? { setup: record, runs: [] };
    section.runs.push(...(await collectRuns(runDir, record, dirname(resolve(reportPath)))));
    sections.set(system, section);
  }
  const built: ReportSection[] = [];
  for (const [system, { setup, runs }] of sections) {
    if (runs.length === 0) continue;
    const { size, coupling } = setup.sampling;
    const chart = system === "ising" ? xi2Chart(runs, `${String(size)}x${String(size)} samples at K = ${String(coupling)}`) : undefined;
    built.push({ system, samples: setup.sampling, quick: setup.quick, runs, ...(chart ? { rgChartSvg: await renderSvg(chart) } : {}) });
  }
  if (built.length === 0) throw new UsageError(`no analyzed runs found under ${runDirs.join(", ")} (expected arms/<arm>/seed-<s>/analysis/analysis.json)`);
  await writeFileAtomic(reportPath, buildReport(built, { libraryVersion: LIBRARY_VERSION, createdAt: new Date().toISOString() }));
  return reportPath;
}

async function readReproduceRecord(runDir: string): Promise<ReproduceRecord> {
  const path = join(runDir, "reproduce.json");
  if (!existsSync(path)) throw new UsageError(`${runDir}: no reproduce.json (not a blockspin reproduce directory)`);
  return JSON.parse(await readFile(path, "utf8")) as ReproduceRecord;
}

async function collectRuns(runDir: string, record: ReproduceRecord, reportDir: string): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  for (const arm of record.arms) {
    const armDir = join(runDir, "arms", arm.name);
    if (!existsSync(armDir)) continue;
    const seeds = readdirSync(armDir).filter((name) => /^seed-\d+$/.test(name)).sort((a, b) => seedOf(a) - seedOf(b));
    for (const seedDir of seeds) {
      const modelDir = join(armDir, seedDir);
      const analysisPath = join(modelDir, "analysis", "analysis.json");
      if (!existsSync(analysisPath)) continue;
      // The majority-rule arm trains nothing: no model.json.
      const manifest = existsSync(join(modelDir, "model.json")) ? await readModelManifest(modelDir) : undefined;
      const rgPath = join(modelDir, "analysis", RG_FILE);
      const dimerRgPath = join(modelDir, "analysis", DIMER_RG_FILE);
      runs.push({
        arm: arm.name, armTitle: arm.title, armDescription: arm.description, seed: seedOf(seedDir),
        analysisDir: relative(reportDir, join(modelDir, "analysis")).split("\\").join("/"),
        ...(manifest ? { manifest } : {}),
        analysis: JSON.parse(await readFile(analysisPath, "utf8")) as AnalysisSummary,
        ...(existsSync(rgPath) ? { rg: JSON.parse(await readFile(rgPath, "utf8")) as RgRecord } : {}),
        ...(existsSync(dimerRgPath) ? { dimerRg: JSON.parse(await readFile(dimerRgPath, "utf8")) as DimerRgRecord } : {}),
      });
    }
  }
  return runs;
}

function seedOf(dirName: string): number {
  return Number(dirName.slice("seed-".length));
}
