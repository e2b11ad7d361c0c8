// The three arms of the comparison, all on the paper's
// 1600-400-100-25 stack: rbm.m with L1 2e-4 (Mehta & Schwab, App. A), rbm.m
// with L2 2e-4 (its default weight decay), and scikit-learn's BernoulliRBM
// as it comes (PCD-1, batch 10, lr 0.1 / batch, n_iter 10, no penalty);
// and the reference they are all held against, majority-rule b = 2 block
// spins (docs/methods.md, "Coarse variables"), which trains nothing.

import { rbmDefaults, sklearnPreset, type LayerTrainingOptions } from "../../rbm/training-options.js";

export const ARM_NAMES = ["l1", "l2", "sklearn", "majority"] as const;
export type ArmName = (typeof ARM_NAMES)[number];

export interface Arm {
  name: ArmName;
  title: string;
  description: string;
  /** "majority": the majority-rule reference, nothing trained (layers is empty). */
  kind: "trained" | "majority";
  layers: LayerTrainingOptions[];
}

export const PAPER_LAYERS = [400, 100, 25];

export interface ArmSettings {
  /** Epochs per layer of the rbm.m arms (paper: 200). */
  epochs: number;
  /** Epochs per layer of the scikit-learn arm (its n_iter: 10). */
  sklearnEpochs: number;
}

export function arms(settings: ArmSettings): Arm[] {
  const rbmLayers = (penalty: "l1" | "l2") =>
    PAPER_LAYERS.map((nHidden) => ({ ...rbmDefaults(), nHidden, epochs: settings.epochs, penalty, penaltyStrength: 2e-4 }));
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
      layers: PAPER_LAYERS.map((nHidden) => ({ ...sklearnPreset(), nHidden, epochs: settings.sklearnEpochs })),
    },
    {
      name: "majority", kind: "majority",
      title: "majority rule b = 2 (Kadanoff block spins)",
      description: `the textbook RG map: 2x2 blocks take their majority sign, ties by a seeded coin, applied ${PAPER_LAYERS.length} times; trains nothing`,
      layers: [],
    },
  ];
}
