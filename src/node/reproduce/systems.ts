// The systems `reproduce --system` runs, by name (reproduce-system.ts).

import { digitsSystem } from "./digits-system.js";
import { dimerSystem } from "./dimer-system.js";
import { isingSystem } from "./ising-system.js";
import type { ReproduceSystem } from "./reproduce-system.js";

import type { ReproduceSystemName } from "./system-names.js";

export { REPRODUCE_SYSTEM_NAMES, type ReproduceSystemName } from "./system-names.js";

const SYSTEMS: Readonly<Record<ReproduceSystemName, ReproduceSystem>> = { ising: isingSystem, dimer: dimerSystem, digits: digitsSystem };

/**
 * The system reproduce runs under a name.
 *
 * @param name - One of REPRODUCE_SYSTEM_NAMES.
 * @returns The system.
 */
export function reproduceSystem(name: ReproduceSystemName): ReproduceSystem {
  return SYSTEMS[name];
}
