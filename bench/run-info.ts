// What a result file records besides its rows: the machine, the commit, and
// the versions of the peers a suite measures against.

import { spawnSync } from "node:child_process";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import type { ResultPeer, SuiteResult } from "./results-format.js";

const ROOT = new URL("..", import.meta.url).pathname;

/** Paths a run writes, which do not make the tree dirty. */
const OUTPUTS = ["bench/results", "docs/benchmarks.md"];

export function machineInfo(): SuiteResult["machine"] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown", cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30),
    platform: platform(), arch: arch(), release: release(), node: process.version,
    loadAverage: [round(one), round(five), round(fifteen)],
  };
}

function git(args: string[]): string | undefined {
  const run = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** The checked-out commit and whether tracked files differ from it (untracked files and the run's outputs aside). */
export function commitInfo(): SuiteResult["commit"] {
  const hash = git(["rev-parse", "--short", "HEAD"]);
  if (hash === undefined) return { hash: "unknown", dirty: false };
  const status = git(["status", "--porcelain", "--untracked-files=no", "--", ".", ...OUTPUTS.map((p) => `:!${p}`)]);
  return { hash, dirty: status === undefined || status.length > 0 };
}

/** The first line a program prints for `args`, or undefined when it does not run. */
function firstLine(command: string, args: string[]): string | undefined {
  const run = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) return undefined;
  return `${run.stdout}`.trim().split("\n")[0]?.trim() || undefined;
}

const PYTHON_VERSIONS = `
import sys, numpy, sklearn
print("Python", sys.version.split()[0])
print("NumPy", numpy.__version__)
print("scikit-learn", sklearn.__version__)
try:
    from threadpoolctl import threadpool_info
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            api = pool.get("internal_api", "BLAS")
            name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(api, api)
            arch = pool.get("architecture")
            print(name, (pool.get("version") or "unknown") + (f" ({arch} kernels)" if arch else ""))
except Exception:
    pass
`;

/**
 * scikit-learn, NumPy, Python and the BLAS NumPy uses, as `python` reports them; one peer saying why when `python` is
 * undefined (`missing` is then the reason).
 */
export function pythonPeers(python: string | undefined, missing = "not installed"): ResultPeer[] {
  if (python === undefined) return [{ name: "scikit-learn", version: missing }];
  const env = { ...process.env };
  delete env["OPENBLAS_CORETYPE"];
  const run = spawnSync(python, ["-c", PYTHON_VERSIONS], { encoding: "utf8", env, timeout: 120_000 });
  if (run.status !== 0) return [{ name: "scikit-learn", version: `version query failed under ${python}` }];
  return run.stdout.trim().split("\n").map((line) => {
    const [name = "", ...rest] = line.trim().split(" ");
    return { name, version: rest.join(" ").trim() || "unknown" };
  });
}

/** The Chromium at `path` (its --version line), or why there is none. */
export function chromiumPeer(path: string | undefined, missing: string): ResultPeer {
  if (path === undefined) return { name: "Chromium", version: missing };
  const line = firstLine(path, ["--version"]);
  return { name: "Chromium", version: line ? line.replace(/^Chromium\s+/, "") : `${path} (--version failed)` };
}

/** A peer written in TypeScript in this repository, run by this Node. */
export function typescriptPeer(name: string): ResultPeer {
  return { name, version: `Node ${process.version}` };
}
