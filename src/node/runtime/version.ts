import { readFileSync } from "node:fs";

/** The installed package's version, read once from package.json. */
export const LIBRARY_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;
