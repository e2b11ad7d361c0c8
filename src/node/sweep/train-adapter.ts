// The sweep's one call into the training code. A task trains exactly as
// `blockspin train --data <samples> --out <task>/model` with the task's flags
// would, checkpointing as it does and resuming from its checkpoint; keeping
// that behind this single function means the sweep follows the training code
// wherever it lives. Its data is read and encoded as `train` does it too
// (dimer samples become the `encoding`'s visible units, seeded by the task's
// seed; encodeTrainingData in src/node/io/training-data.ts).

import { checkTrainingFits } from "../../rbm/memory-estimate.js";
import type { StackResult } from "../../rbm/stack.js";
import type { LayerTrainingOptions } from "../../rbm/training-options.js";
import { hasCheckpoint, readCheckpoint } from "../training/checkpoint.js";
import { trainModel } from "../training/train.js";
import type { TrainFlags } from "../training/train-settings.js";
import { encodeTrainingData, readTrainingData, type TrainingDataFile } from "../io/training-data.js";
import type { TaskTrainSettings } from "./sweep-plan.js";

/**
 * A task's training data as `blockspin train --data <samples> --encoding <encoding> --seed <seed>` reads it: Ising
 * spins as they are, dimer coverings encoded (`bonds` by default).
 *
 * @param samples - The sample set's .npy (with its sidecar).
 * @param train - The task's training settings (its encoding and seed).
 * @returns The data as the first layer sees it.
 */
export async function taskTrainingData(samples: string, train: Pick<TaskTrainSettings, "encoding" | "seed">): Promise<TrainingDataFile> {
  return encodeTrainingData(await readTrainingData(samples, "sample set"), train.encoding, train.seed, "encoding");
}

/**
 * Trains (or resumes) the stack into `flags.out`: the model bundle there on success, its checkpoint on
 * SIGINT/SIGTERM (then TrainingInterruptedError is thrown). Resolves to the training result, `diverged` set
 * when the parameters went non-finite.
 */
export async function trainTaskModel(
  flags: TrainFlags, layers: LayerTrainingOptions[], input: TrainingDataFile,
): Promise<Pick<StackResult, "diverged">> {
  checkTrainingFits(input.data.nSamples, input.data.nVisible, layers);
  const saved = hasCheckpoint(flags.out) ? await readCheckpoint(flags.out) : undefined;
  const resume = saved ? { checkpoint: saved.checkpoint, dataSha256: saved.dataSha256 } : undefined;
  return trainModel(flags, layers, input, resume);
}
