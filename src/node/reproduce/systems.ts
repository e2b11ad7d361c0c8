// The systems `reproduce --system` runs, by name (reproduce-system.ts).

import { digitsSystem } from "./digits-system.js";
import { isingSystem } from "./ising-system.js";
import type { ReproduceSystem } from "./reproduce-system.js";

/** The names `reproduce --system` takes: the paper's Ising model (default), dimers and digits. */
export const REPRODUCE_SYSTEM_NAMES = ["ising", "digits"] as const;

/** One of REPRODUCE_SYSTEM_NAMES. */
export type ReproduceSystemName = (typeof REPRODUCE_SYSTEM_NAMES)[number];

const SYSTEMS: Readonly<Record<ReproduceSystemName, ReproduceSystem>> = { ising: isingSystem, digits: digitsSystem };

/**
 * The system reproduce runs under a name.
 *
 * @param name - One of REPRODUCE_SYSTEM_NAMES.
 * @returns The system.
 */
export function reproduceSystem(name: ReproduceSystemName): ReproduceSystem {
  return SYSTEMS[name];
}
