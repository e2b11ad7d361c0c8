// Finds a Python that can import the given modules (Debian's python3-numpy /
// python3-sklearn live under /usr/bin/python3, which a pyenv python3 earlier
// on PATH may shadow). Returns undefined, with the reason, when none can.
import { spawnSync } from "node:child_process";

export interface PythonLookup {
  python?: string;
  reason: string;
}

const cache = new Map<string, PythonLookup>();

export function findPython(modules: readonly string[]): PythonLookup {
  const key = modules.join(",");
  const cached = cache.get(key);
  if (cached) return cached;
  const candidates = [process.env.BLOCKSPIN_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => Boolean(c),
  );
  let result: PythonLookup = { reason: `no python3 with ${modules.join(" and ")} (tried ${candidates.join(", ")}); apt-get install python3-numpy python3-sklearn` };
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
    if (probe.status === 0) {
      result = { python: candidate, reason: "" };
      break;
    }
  }
  cache.set(key, result);
  return result;
}

/** Runs a Python script with a Python that has `modules`; returns stdout. */
export function runPython(python: string, script: string, args: readonly string[] = []): string {
  const run = spawnSync(python, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}
