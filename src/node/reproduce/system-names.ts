// The names `reproduce --system` takes (the systems themselves: systems.ts).

/** The paper's Ising model (the default), dimers and digits. */
export const REPRODUCE_SYSTEM_NAMES = ["ising", "dimer", "digits"] as const;

/** One of REPRODUCE_SYSTEM_NAMES. */
export type ReproduceSystemName = (typeof REPRODUCE_SYSTEM_NAMES)[number];
