// RNG stream numbering of a layer's training: one stream per purpose, so
// changing one use of random numbers never shifts another's draws.

/** Stream numbers reserved per layer (room for purposes to come). */
const STREAMS_PER_LAYER = 8;

/** The purposes and their offsets within a layer's streams. */
const STREAM = { init: 0, shuffle: 1, gibbs: 2, monitorTrain: 3, monitorValidation: 4, propagate: 5, split: 6 } as const;

/** What a layer's RNG stream is for: initial weights, shuffle, Gibbs sampling, monitoring, propagation, stack split. */
export type StreamPurpose = keyof typeof STREAM;

/**
 * The RNG stream number of `purpose` in layer `layer` (1-based; layer 0 holds the stack's split): one stream per use,
 * layer * 8 + the purpose's offset.
 */
export function layerStream(layer: number, purpose: StreamPurpose): number {
  return layer * STREAMS_PER_LAYER + STREAM[purpose];
}
