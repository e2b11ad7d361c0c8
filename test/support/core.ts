// One kernel instance shared by a test file.
import { loadCore, type Core } from "../../src/index.js";

let core: Promise<Core> | undefined;
export function testCore(): Promise<Core> {
  core ??= loadCore();
  return core;
}
