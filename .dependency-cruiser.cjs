// Dependency rules of blockspin (npm run check:deps). See docs/architecture.md
// for the layers these rules keep apart.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles anywhere in src/: move the shared piece to a module both sides can import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "cli-only-from-entries",
      severity: "error",
      comment:
        "src/node/cli/ holds the command-line wrappers; services never import them. Only the bin " +
        "(src/node/cli.ts) assembles them, and the blockspin/node entry (src/node/index.ts) re-exports serveCommand, " +
        "which it exported before the commands moved.",
      from: { path: "^src/", pathNot: ["^src/node/cli/", "^src/node/cli\\.ts$", "^src/node/index\\.ts$"] },
      to: { path: "^src/node/cli/" },
    },
    {
      name: "library-is-browser-safe",
      severity: "error",
      comment: "src/ outside src/node/ is the browser-safe library: no node: built-ins and nothing from src/node/.",
      from: { path: "^src/", pathNot: "^src/node/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "library-imports-no-node-services",
      severity: "error",
      comment: "src/ outside src/node/ is the browser-safe library: nothing from src/node/.",
      from: { path: "^src/", pathNot: "^src/node/" },
      to: { path: "^src/node/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "(^|/)dist/" },
  },
};
