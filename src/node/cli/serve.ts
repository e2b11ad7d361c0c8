// `blockspin serve`: the flags (values, checks and defaults are
// serveSettingsSchema's), startServer, and a stop on SIGINT/SIGTERM.

import { Command } from "commander";
import { startServer } from "../serve/serve.js";
import { serveSettingsSchema, type ServeSettings } from "../serve/serve-settings.js";
import { settingOption } from "./options.js";

/**
 * The commander command of `blockspin serve`: its flags (serveSettingsSchema), startServer, and a stop on
 * SIGINT/SIGTERM.
 *
 * @returns A fresh Command, to add to a program.
 */
export function serveCommand(): Command {
  const s = serveSettingsSchema.shape;
  return new Command("serve")
    .description(
      "Serve the demo page (built by `npm run build:web`) on this machine, with the cross-origin isolation " +
      "headers (COOP same-origin, COEP require-corp) that let browsers use threads.",
    )
    .addOption(settingOption("--port <n>", "TCP port (0 picks a free one)", s.port))
    .addOption(settingOption("--host <address>", "address to listen on", s.host))
    .addOption(settingOption("--root <dir>", "directory of the built page [default: dist/web of this package]", s.root))
    .action(async (flags: ServeSettings) => {
      const server = await startServer({ port: flags.port, host: flags.host, root: flags.root });
      console.log(`blockspin: serving the demo at ${server.url} (Ctrl-C to stop)`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void server.close().then(done);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
