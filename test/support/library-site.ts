// A tiny web site for browser tests: the library entry bundled by esbuild
// for the browser, the wasm beside it in the package's relative layout, and
// one test page, served on 127.0.0.1. Pages asked for with ?isolated (or
// loaded from one) get the COOP/COEP headers that enable SharedArrayBuffer.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("../..", import.meta.url).pathname;
const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const ISOLATION_HEADERS = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" };

export interface LibrarySite {
  /** Directory holding src/index.js (the bundle) and build/blockspin.wasm. */
  dir: string;
  origin: string;
  close(): Promise<void>;
}

/** Bundles src/index.ts and serves it with `page` (a module script's body) at "/". */
export async function serveLibrarySite(page: string): Promise<LibrarySite> {
  const dir = mkdtempSync(join(tmpdir(), "blockspin-site-"));
  mkdirSync(join(dir, "build"));
  copyFileSync(join(ROOT, "build", "blockspin.wasm"), join(dir, "build", "blockspin.wasm"));
  await build({
    entryPoints: [join(ROOT, "src", "index.ts")], bundle: true, format: "esm", platform: "browser",
    outfile: join(dir, "src", "index.js"), logLevel: "silent",
  });
  const html = `<!doctype html><link rel="icon" href="data:,"><script type="module">${page}</script>`;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url!, "http://localhost");
    const path = url.pathname === "/" ? "/index.html" : url.pathname;
    const isolated = url.searchParams.has("isolated") || request.headers.referer?.includes("isolated");
    try {
      const body = path === "/index.html" ? html : readFileSync(join(dir, path));
      const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type, ...(isolated ? ISOLATION_HEADERS : {}) }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { dir, origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
