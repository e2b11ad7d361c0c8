import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// One project per tier of test/ (see each directory):
//   kernels  wasm kernels against plain TypeScript versions, threads
//   library  the browser-safe library
//   cli      the command line and its Node services, one command at a time
//   e2e      whole pipelines (reproduce, sweeps on a process pool, their logs
//            and resume), the packed package, the demo page, Chromium
//   peers    against scikit-learn / NumPy and a real Slurm
// `npm test` runs them all; `npm run test:fast` runs kernels, library and cli,
// which need no browser, Python or Slurm.
const TIERS = ["kernels", "library", "cli", "e2e", "peers"] as const;

export default defineConfig({
  test: {
    // Two files at a time even on two cores (vitest's default there is one): many tests spend their time
    // waiting on the CLI processes they spawn.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: TIERS.map((name) => ({
      extends: true,
      test: { name, include: [`test/${name}/**/*.test.ts`] },
    })),
  },
});
