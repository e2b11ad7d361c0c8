// Debian's chromium driven by playwright-core, with the flags the build
// machines need (no internet: without them Chromium keeps trying to reach it).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";

const CANDIDATES = [process.env.BLOCKSPIN_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium(): { path?: string; reason: string } {
  const path = CANDIDATES.find((c): c is string => Boolean(c) && existsSync(c!));
  return path ? { path, reason: "" } : { reason: "no chromium at /usr/bin/chromium (apt-get install chromium)" };
}

/** A fresh profile each time (playwright passes it as --user-data-dir). */
export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "blockspin-chromium-")), {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
}
