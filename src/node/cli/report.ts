// `blockspin report`: rebuilds report.html from saved reproduce runs with
// writeReport (src/node/reproduce/report.ts).

import { join } from "node:path";
import { Command } from "commander";
import { writeReport } from "../reproduce/report.js";
import { reportSettingsSchema, type ReportSettings } from "../reproduce/reproduce-settings.js";
import { settingOption } from "./options.js";

export function reportCommand(): Command {
  return new Command("report")
    .description("Rebuild report.html from saved reproduce runs, without retraining.")
    .argument("<runDirs...>", "output directories of blockspin reproduce")
    .addOption(settingOption("--out <file>", "report file [first RUN_DIR/report.html]", reportSettingsSchema.shape.out))
    .action(async (runDirs: string[], settings: ReportSettings) => {
      const path = await writeReport(runDirs, settings.out ?? join(runDirs[0]!, "report.html"));
      console.log(`wrote ${path}`);
    });
}
