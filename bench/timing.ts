// Wall-clock timing for benchmarks: best of several runs, since the machines
// are shared and noise only ever adds time.

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function timeBest(work: () => unknown, repeats = 5): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    work();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

export function formatTable(rows: readonly BenchRow[]): string {
  return formatSuites({ "": rows });
}

/** One table for several suites: a suite column (omitted when every suite name is empty), name, value and unit, note. */
export function formatSuites(suites: Readonly<Record<string, readonly BenchRow[]>>): string {
  const rows = Object.entries(suites).flatMap(([suite, list]) => list.map((row) => ({ suite, row })));
  if (rows.length === 0) return "";
  const suiteWidth = Math.max(...rows.map((r) => r.suite.length));
  const nameWidth = Math.max(...rows.map((r) => r.row.name.length));
  const valueText = rows.map(({ row }) => (Number.isFinite(row.value) ? `${formatValue(row.value)} ${row.unit}` : "-"));
  const valueWidth = Math.max(...valueText.map((v) => v.length));
  return rows
    .map(({ suite, row }, i) => {
      const lead = suiteWidth > 0 ? `${suite.padEnd(suiteWidth)}  ` : "";
      return `${lead}${row.name.padEnd(nameWidth)}  ${valueText[i]!.padStart(valueWidth)}  ${row.note ?? ""}`.trimEnd();
    })
    .join("\n");
}

/** 4 significant digits, with an exponent from 1e5 on. */
export function formatValue(value: number): string {
  if (Math.abs(value) >= 1e5) return value.toExponential(3);
  return value.toPrecision(4);
}
