// ESLint over the TypeScript of the library, its tests, benchmarks and demo
// page, with typescript-eslint's type-checked recommendations. Types come
// from the same two programs `npm run typecheck` compiles: tsconfig.check.json
// (src, test, bench, examples) and web/tsconfig.json (the page's DOM and worker
// settings). The build's tsconfig.json covers src only, so the project
// service, which takes each file's nearest tsconfig.json, would not find
// test/ and bench/.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Build output (dist/web is the demo page's), installed and generated files.
    ignores: [
      "dist/", "build/", "node_modules/", "docs/", "coverage/", "data/", "runs/", "bench/results/",
      // AssemblyScript: its own types (i32, f32, ...), checked by asc.
      "assembly/",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.check.json", "./web/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `const { out: _out, ...settings } = options` leaves a field out of a
      // copy; the named field is unused by design (tsc's noUnusedLocals
      // accepts it too).
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
);
