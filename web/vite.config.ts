// Vite build of the demo page: `npm run build:web` writes static files to
// dist/web (published with the package, served by `blockspin serve`). The
// worker is bundled as an ES module; src/wasm.ts finds the kernels with
// new URL("../build/blockspin.wasm", import.meta.url), which Vite emits as a
// hashed asset beside the worker bundle.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // vega + vega-lite make one large chart chunk; it is loaded once.
    chunkSizeWarningLimit: 2500,
    // Never inline the kernels as a data: URL.
    assetsInlineLimit: 0,
  },
  worker: { format: "es" },
});
