// Each epoch's monitoring: pseudo-likelihood, reconstruction error and free
// energies on evenly spaced training (and held-out) rows, with the same
// flipped units every epoch so the curve shows the model changing, not the
// draw.

import type { Core } from "../../wasm.js";
import { splitSeed } from "../../rng.js";
import type { Team } from "../../threads/pool.js";
import { selectRows, type LayerData } from "../layer-data.js";
import { scoreEnergies, scoreLayer } from "../layer-scores.js";
import type { WasmRbm } from "../rbm-parameters.js";
import { momentumAt, type LayerTrainingOptions } from "../training-options.js";
import { layerStream } from "./streams.js";
import type { EpochMetrics } from "./types.js";

/** Rows scored each epoch by default. */
const DEFAULT_MONITOR_SAMPLES = 1000;

/** A layer's monitoring: the rows it scores and its RNG stream (16 bytes of kernel memory, reseeded every epoch). */
export class EpochMonitor {
  private readonly train: LayerData;
  private readonly validation?: LayerData;
  private readonly rng: number;

  /** `samples`: rows of `train` (and `validation`) scored, evenly spaced (default 1000). */
  constructor(
    private readonly core: Core, private readonly team: Team, private readonly rbm: WasmRbm,
    private readonly run: { layer: number; seed: number; options: LayerTrainingOptions },
    train: LayerData, validation: LayerData | undefined, samples = DEFAULT_MONITOR_SAMPLES,
  ) {
    this.rng = core.arena.alloc(16);
    this.train = evenlySpacedRows(train, samples);
    if (validation) this.validation = evenlySpacedRows(validation, samples);
  }

  /** The metrics row of `epoch`, whose updates took `seconds`. */
  score(epoch: number, seconds: number): EpochMetrics {
    const started = performance.now();
    const [low, high] = splitSeed(this.run.seed);
    const seed = (purpose: "monitorTrain" | "monitorValidation") =>
      this.core.kernels.rngSeed(this.rng, low, high, layerStream(this.run.layer, purpose));
    seed("monitorTrain");
    const train = scoreLayer(this.core, this.rbm, this.train, this.rng, this.team);
    let validation: ReturnType<typeof scoreEnergies> | undefined;
    if (this.validation) {
      seed("monitorValidation");
      validation = scoreEnergies(this.core, this.rbm, this.validation, this.rng, this.team);
    }
    return {
      layer: this.run.layer,
      epoch,
      momentum: momentumAt(this.run.options, epoch),
      pseudoLikelihood: train.pseudoLikelihood,
      reconstructionError: train.reconstructionError,
      freeEnergyTrain: train.freeEnergy,
      freeEnergyValidation: validation?.freeEnergy ?? null,
      pseudoLikelihoodValidation: validation?.pseudoLikelihood ?? null,
      seconds,
      monitorSeconds: (performance.now() - started) / 1000,
    };
  }
}

/** `count` rows of `data` at evenly spaced indices (all of it when it has no more). */
function evenlySpacedRows(data: LayerData, count: number): LayerData {
  if (count >= data.nSamples) return data;
  return selectRows(data, Array.from({ length: count }, (_, r) => Math.floor((r * data.nSamples) / count)));
}
