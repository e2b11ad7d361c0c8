// `blockspin serve` as a service: a small static server for the built demo page
// (`npm run build:web` writes it to dist/web). It sends
// Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp, so the page is crossOriginIsolated and may use shared memory
// (threads) in browsers.

import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../runtime/usage-error.js";

/** dist/web of the package: three levels up from both src/node/serve and dist/node/serve. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../../dist/web/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Options of startServer. */
export interface ServeOptions {
  /** Directory holding the built page (index.html); default dist/web. */
  root?: string;
  /** TCP port, 0..65535; 0 picks a free port. Default 8080. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
}

/** A server started by startServer. */
export interface RunningServer {
  /** The page's address, e.g. `http://127.0.0.1:8080/` (with the port actually bound). */
  url: string;
  /**
   * Stops listening and closes open connections.
   *
   * @returns Once the server is closed.
   */
  close(): Promise<void>;
}

/**
 * Starts the static server for the built demo page, with the cross-origin isolation headers (COOP
 * same-origin, COEP require-corp) that let browsers use threads; throws UsageError if the page is not built
 * or the port is taken.
 *
 * @param options - Root directory, port and host.
 * @returns The running server: its URL and close().
 */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  if (!existsSync(join(root, "index.html"))) {
    throw new UsageError(`the demo page is not built (no ${join(root, "index.html")}): run npm run build:web first`);
  }
  const server = createServer((request, response) => {
    serveFile(root, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") fail(new UsageError(`port ${port} on ${host} is already in use: pick another with --port`));
      else if (error.code === "EACCES") fail(new UsageError(`no permission to listen on ${host}:${port}: pick a port above 1023 with --port`));
      else if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") fail(new UsageError(`cannot listen on host ${host}: not an address of this machine`));
      else fail(error);
    });
    server.listen(port, host, () => done());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}

async function serveFile(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (pathname.endsWith("/")) pathname += "index.html";
  const path = resolve(root, `.${pathname}`);
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", ...ISOLATION_HEADERS }).end("not found\n");
    return;
  }
  const body = await readFile(path);
  response.writeHead(200, {
    "Content-Type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": "no-cache",
    ...ISOLATION_HEADERS,
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
