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
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const valueText = rows.map((r) => `${formatValue(r.value)} ${r.unit}`);
  const valueWidth = Math.max(...valueText.map((v) => v.length));
  return rows
    .map((r, i) => `${r.name.padEnd(nameWidth)}  ${valueText[i]!.padStart(valueWidth)}  ${r.note ?? ""}`.trimEnd())
    .join("\n");
}

function formatValue(value: number): string {
  if (value >= 1e5) return value.toExponential(3);
  return value.toPrecision(4);
}
