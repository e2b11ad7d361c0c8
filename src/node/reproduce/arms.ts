// The arms of the comparison. Three train a stack of RBMs: rbm.m with L1 2e-4
// (Mehta & Schwab, App. A), rbm.m with L2 2e-4 (its default weight decay),
// and scikit-learn's BernoulliRBM as it comes (PCD-1, batch 10, lr 0.1 /
// batch, n_iter 10, no penalty). The others train nothing or are not RBMs:
// each system's reference coarse-graining (majority-rule block spins for
// Ising, the block electric field for dimers) and RSMI's learned filters
// (docs/methods.md, "Coarse variables", "RSMI"); reproduce-system.ts says
// which a system has.

import { rbmDefaults, sklearnPreset, type LayerTrainingOptions } from "../../rbm/training-options.js";

/** Every arm's name: the trained stacks, then the arms that train no RBM. */
export const ARM_NAMES = ["l1", "l2", "sklearn", "majority", "field", "rsmi"] as const;
/** One of ARM_NAMES. */
export type ArmName = (typeof ARM_NAMES)[number];

/** One arm of the comparison. */
export interface Arm {
  name: ArmName;
  title: string;
  description: string;
  /** "trained": a stack of RBMs (layers); "reference": a map that reproduce-system.ts runs (layers is empty). */
  kind: "trained" | "reference";
  layers: LayerTrainingOptions[];
}

/** The Ising stack of the paper, above its 1600 visible units. */
export const PAPER_LAYERS = [400, 100, 25];

/** How long the stack arms train. */
export interface ArmSettings {
  /** Epochs per layer of the rbm.m arms (paper: 200). */
  epochs: number;
  /** Epochs per layer of the scikit-learn arm (its n_iter: 10). */
  sklearnEpochs: number;
}

/**
 * The three arms that train a stack of RBMs, with hidden units `hidden` per layer.
 *
 * @param settings - Epochs per layer of each.
 * @param hidden - Hidden units per layer, bottom first (the paper's Ising stack: PAPER_LAYERS).
 * @returns The L1, L2 and scikit-learn arms.
 */
export function stackArms(settings: ArmSettings, hidden: readonly number[]): Arm[] {
  const rbmLayers = (penalty: "l1" | "l2") =>
    hidden.map((nHidden) => ({ ...rbmDefaults(), nHidden, epochs: settings.epochs, penalty, penaltyStrength: 2e-4 }));
  return [
    {
      name: "l1", kind: "trained",
      title: "L1 2e-4 (the paper)",
      description: "rbm.m's CD-1 with momentum, weight cost 2e-4 applied as L1 (sign(W)), as Mehta & Schwab App. A",
      layers: rbmLayers("l1"),
    },
    {
      name: "l2", kind: "trained",
      title: "L2 2e-4 (rbm.m's weight decay)",
      description: "rbm.m's CD-1 with momentum and its default weight cost 2e-4 applied as L2 (W)",
      layers: rbmLayers("l2"),
    },
    {
      name: "sklearn", kind: "trained",
      title: "off-the-shelf (scikit-learn BernoulliRBM)",
      description: "BernoulliRBM.fit's rules: PCD-1, batch 10, step 0.1/10, N(0, 0.01) weights, no momentum, no penalty",
      layers: hidden.map((nHidden) => ({ ...sklearnPreset(), nHidden, epochs: settings.sklearnEpochs })),
    },
  ];
}
