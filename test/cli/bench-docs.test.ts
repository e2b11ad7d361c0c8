// docs/benchmarks.md's generator (bench/benchmarks-md.ts) on a fabricated
// results directory: the page's sections, tables, run lines and peers, and
// the result files' validation. Nothing is timed.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { benchmarksMarkdown, writeBenchmarksMd } from "../../bench/benchmarks-md.js";
import { formatSuiteResult, readSuiteResults, suiteResult, type SuiteRun } from "../../bench/results-format.js";

const ROOT = new URL("../..", import.meta.url).pathname;

const machine: SuiteRun["machine"] = {
  cpu: "Fabricated CPU 3000", cores: 8, memoryGiB: 31.2, platform: "linux", arch: "x64", release: "6.1.0-test",
  node: "v20.20.2", loadAverage: [0.05, 0.1, 0.2],
};

const rbm: SuiteRun = {
  suite: "rbm", description: "One CD-1 epoch against scikit-learn.", date: "2026-01-02T03:04:05.678Z", seconds: 125.4,
  commit: { hash: "abc1234", dirty: true }, machine,
  peers: [{ name: "scikit-learn", version: "1.6.1" }, { name: "NumPy", version: "2.2.0" }],
  rows: [
    { name: "CD-1 epoch, 1 thread", value: 12.3456789, unit: "s", note: "0.45x scikit-learn batch 100" },
    { name: "CD-1 epoch, relaxed-SIMD build", value: NaN, unit: "s", note: "relaxed SIMD unavailable | in this engine" },
    { name: "Wolff cluster updates", value: 1234567, unit: "/s", note: "acc = acc*m + c, 2 flops\\lane" },
  ],
};

const peak: SuiteRun = {
  suite: "peak", description: "The SIMD peak.", date: "2026-01-03T10:00:00.000Z", seconds: 29,
  commit: { hash: "def5678", dirty: false }, machine: { ...machine, cpu: "Other CPU", cores: 2 }, peers: [],
  rows: [{ name: "WASM SIMD peak, f32x4.add only, 1 thread", value: 23.17, unit: "GFLOP/s" }],
};

/** The cells of a Markdown table row (escaped pipes kept inside their cell). */
function cells(line: string): string[] {
  return line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

/** The lines of the table under `## suite`. */
function table(page: string, suite: string): string[] {
  const section = page.split(/^## /m).find((s) => s.startsWith(`${suite}\n`));
  if (!section) throw new Error(`no section ${suite}`);
  return section.split("\n").filter((line) => line.startsWith("|"));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "blockspin-bench-docs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeResults(...runs: SuiteRun[]): void {
  for (const run of runs) writeFileSync(join(dir, `${run.suite}.json`), formatSuiteResult(suiteResult(run)));
  writeFileSync(join(dir, ".gitkeep"), "");
}

describe("bench result files", () => {
  it("store values at 4 significant digits, unmeasured ones as null, and read back as written", () => {
    writeResults(rbm);
    const stored = JSON.parse(readFileSync(join(dir, "rbm.json"), "utf8")) as { rows: { value: unknown }[]; seconds: number; format: number };
    expect(stored.rows.map((r) => r.value)).toEqual([12.35, null, 1235000]);
    expect(stored.seconds).toBe(125);
    expect(stored.format).toBe(1);
    const [read] = readSuiteResults(dir);
    expect(read?.peers).toEqual(rbm.peers);
    expect(read?.commit).toEqual({ hash: "abc1234", dirty: true });
  });

  it("fail with the file and the field when malformed", () => {
    writeResults(rbm);
    const stored = JSON.parse(readFileSync(join(dir, "rbm.json"), "utf8")) as { rows: { value: unknown }[]; machine: Record<string, unknown> };
    stored.rows[0]!.value = "12.3";
    delete stored.machine["cores"];
    writeFileSync(join(dir, "rbm.json"), JSON.stringify(stored));
    expect(() => readSuiteResults(dir)).toThrow(/rbm\.json: not a benchmark result file \(format 1\):\n/);
    expect(() => readSuiteResults(dir)).toThrow(/\n {2}rows\.0\.value: Expected number, received string/);
    expect(() => readSuiteResults(dir)).toThrow(/\n {2}machine\.cores: Required/);

    writeFileSync(join(dir, "rbm.json"), "{ not json");
    expect(() => readSuiteResults(dir)).toThrow(/rbm\.json: not JSON/);

    writeFileSync(join(dir, "rbm.json"), formatSuiteResult(suiteResult(peak)));
    expect(() => readSuiteResults(dir)).toThrow(/rbm\.json: holds suite "peak", so it should be named peak\.json/);
  });
});

describe("docs/benchmarks.md", () => {
  it("has the intro, then one section per suite in the bench's order, each with its run line, peers and table", () => {
    writeResults(peak, rbm);
    const out = join(dir, "docs", "benchmarks.md");
    const page = writeBenchmarksMd(dir, out);
    expect(readFileSync(out, "utf8")).toBe(page);

    expect(page).toMatch(/^# Benchmarks\n/);
    expect(page).toContain("`npm run bench:docs`");
    expect(page).toContain("**Ratios against a peer.**");
    expect(page).toContain("**Quiet machine.**");
    expect(page).not.toContain("No results are committed yet");
    expect(page).toContain("Suites: [rbm](#rbm) · [peak](#peak)");
    const headings = page.split("\n").filter((line) => line.startsWith("## "));
    expect(headings).toEqual(["## rbm", "## peak"]);

    expect(page).toContain(
      "*Run:* Fabricated CPU 3000, 8 cores, 31.2 GiB, linux/x64 (6.1.0-test), Node v20.20.2; commit abc1234 (dirty), " +
      "2026-01-02 03:04 UTC; suite took 2 min 5 s, load average 0.05, 0.1, 0.2 at the start.",
    );
    expect(page).toContain("*Peers measured in the same run:* scikit-learn 1.6.1; NumPy 2.2.0.");
    expect(page).toContain("*Run:* Other CPU, 2 cores, 31.2 GiB, linux/x64 (6.1.0-test), Node v20.20.2; commit def5678, 2026-01-03 10:00 UTC; suite took 29 s");
    expect(page).toContain("*Peers:* none; its rows compare blockspin with itself.");
    expect(page).toContain("One CD-1 epoch against scikit-learn.");

    const rbmTable = table(page, "rbm");
    expect(rbmTable.map(cells)).toEqual([
      ["benchmark", "value", "unit", "note"],
      ["---", "---:", "---", "---"],
      ["CD-1 epoch, 1 thread", "12.35", "s", "0.45x scikit-learn batch 100"],
      ["CD-1 epoch, relaxed-SIMD build", "—", "s", "relaxed SIMD unavailable \\| in this engine"],
      ["Wolff cluster updates", "1.235e+6", "/s", "acc = acc\\*m + c, 2 flops\\\\lane"],
    ]);
    expect(table(page, "peak").map(cells).slice(2)).toEqual([["WASM SIMD peak, f32x4.add only, 1 thread", "23.17", "GFLOP/s", ""]]);
  });

  it("says that no results are committed when the directory holds none", () => {
    const page = benchmarksMarkdown(readSuiteResults(dir));
    expect(page).toMatch(/^# Benchmarks\n/);
    expect(page).toContain("No results are committed yet");
    expect(page).not.toContain("## ");
  });

  it("npm run bench:docs's script writes the page, and exits 1 naming the file when one is malformed", () => {
    writeResults(peak);
    const out = join(dir, "benchmarks.md");
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const ok = spawnSync(tsx, [join(ROOT, "bench", "benchmarks-md.ts"), dir, out], { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("## peak");

    writeFileSync(join(dir, "rbm.json"), JSON.stringify({ format: 1, suite: "rbm" }));
    const bad = spawnSync(tsx, [join(ROOT, "bench", "benchmarks-md.ts"), dir, out], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bench:docs: .*rbm\.json: not a benchmark result file/);
    expect(bad.stderr).toMatch(/machine: Required/);
  });
});
