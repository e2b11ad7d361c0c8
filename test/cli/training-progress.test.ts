// stackProgressPlan: the work of greedy stack training, checked against a
// straightforward walk over every mini-batch adding rows x nVisible x nHidden.
import { describe, expect, it } from "vitest";
import { rbmDefaults, type LayerTrainingOptions } from "../../src/rbm/training-options.js";
import { stackProgressPlan } from "../../src/node/training/training-progress.js";

const layer = (nHidden: number, epochs: number, batchSize = 100): LayerTrainingOptions =>
  ({ ...rbmDefaults(), nHidden, epochs, batchSize });

/** Every (layer, epoch, batch) as onBatch reports them, with the work done by then, summed batch by batch. */
function walk(layers: readonly LayerTrainingOptions[], nVisible: number, rows: number) {
  const points: { layer: number; epoch: number; batch: number; work: number }[] = [];
  let work = 0;
  let width = nVisible;
  for (const [i, l] of layers.entries()) {
    for (let epoch = 1; epoch <= l.epochs; epoch++) {
      points.push({ layer: i + 1, epoch, batch: 0, work });
      for (let first = 0, batch = 1; first < rows; first += l.batchSize, batch++) {
        work += Math.min(l.batchSize, rows - first) * width * l.nHidden;
        points.push({ layer: i + 1, epoch, batch, work });
      }
    }
    width = l.nHidden;
  }
  return { points, total: work };
}

describe("stackProgressPlan", () => {
  it("weighs a 1600x400 layer 16 times a 400x100 one: all of layer 1 of two with equal epochs is 16/17", () => {
    const layers = [layer(400, 5), layer(100, 5)];
    const plan = stackProgressPlan(layers, 1600, 1000);
    expect(plan.done(2, 1, 0) / plan.total).toBeCloseTo(16 / 17, 12);
    expect(plan.done(1, 6, 0)).toBe(plan.done(2, 1, 0));
  });

  it("puts the issue's 1600-400-100-25 stack at about 28%, not 9%, after 15 of layer 1's 50 epochs", () => {
    const layers = [layer(400, 50), layer(100, 50), layer(25, 50)];
    const plan = stackProgressPlan(layers, 1600, 20000);
    expect(plan.done(1, 16, 0) / plan.total).toBeCloseTo((15 / 50) * (1600 * 400) / (1600 * 400 + 400 * 100 + 100 * 25), 12);
  });

  it("matches a walk over every mini-batch, with short last batches and per-layer batch sizes and epochs", () => {
    const layers = [layer(30, 3, 7), layer(12, 2, 100), layer(5, 4, 16)];
    const nVisible = 49;
    const rows = 250;
    const plan = stackProgressPlan(layers, nVisible, rows);
    const { points, total } = walk(layers, nVisible, rows);
    expect(plan.total).toBe(total);
    for (const { layer: l, epoch, batch, work } of points) expect(plan.done(l, epoch, batch), `${l} ${epoch} ${batch}`).toBe(work);
  });
});
