import { describe, expect, it } from "vitest";
import { columnarCovering, encodeDimers, encodedSampleShape } from "../../src/systems/dimer/index.js";

// The encodings of dimer coverings for an RBM (src/systems/dimer/encodings.ts):
// shapes, where the bond bits go, the decoys' statistics and determinism.

/** A covering of the 4 x 4 torus with horizontal and vertical dimers, (2, 4, 4). */
function mixedCovering(): Uint8Array {
  const size = 4;
  const n = size * size;
  const bonds = new Uint8Array(2 * n);
  // Rows 0 and 1: vertical dimers (x, 0)-(x, 1); rows 2 and 3: horizontal dimers on even columns.
  for (let x = 0; x < size; x++) bonds[n + 0 * size + x] = 1;
  for (const y of [2, 3]) for (let x = 0; x < size; x += 2) bonds[y * size + x] = 1;
  return bonds;
}

describe("dimer encodings", () => {
  it("gives (2, L, L) for bonds and (2L, 2L) for the kjr images", () => {
    expect(encodedSampleShape("bonds", 6)).toEqual([2, 6, 6]);
    expect(encodedSampleShape("kjr", 6)).toEqual([12, 12]);
    expect(encodedSampleShape("kjr-correlated", 6)).toEqual([12, 12]);
    const samples = new Uint8Array([...columnarCovering(4), ...mixedCovering(), ...columnarCovering(4)]);
    expect(encodeDimers(samples, 4, "bonds", 1)).toEqual(samples);
    expect(encodeDimers(samples, 4, "kjr", 1)).toHaveLength(3 * 64);
    expect(encodeDimers(samples, 4, "kjr-correlated", 1)).toHaveLength(3 * 64);
  });

  it("puts the right bond at [2y, 2x + 1] and the up bond at [2y + 1, 2x] of each cell", () => {
    const size = 4;
    const n = size * size;
    const side = 2 * size;
    const samples = new Uint8Array([...mixedCovering(), ...columnarCovering(size)]);
    for (const encoding of ["kjr", "kjr-correlated"] as const) {
      const image = encodeDimers(samples, size, encoding, 7);
      for (let s = 0; s < 2; s++) {
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const cell = s * side * side + 2 * y * side + 2 * x;
            expect(image[cell + 1]).toBe(samples[s * 2 * n + y * size + x]);
            expect(image[cell + side]).toBe(samples[s * 2 * n + n + y * size + x]);
          }
        }
      }
    }
  });

  it("makes kjr's decoys fair, independent coins and kjr-correlated's face an exact copy of the vertex", () => {
    const size = 8;
    const count = 200;
    const side = 2 * size;
    const samples = new Uint8Array(count * 2 * size * size);
    for (let s = 0; s < count; s++) samples.set(columnarCovering(size), s * 2 * size * size);
    const cells = count * size * size;

    const kjr = encodeDimers(samples, size, "kjr", 3);
    let vertices = 0;
    let faces = 0;
    let equal = 0;
    const correlated = encodeDimers(samples, size, "kjr-correlated", 3);
    let correlatedVertices = 0;
    for (let s = 0; s < count; s++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const cell = s * side * side + 2 * y * side + 2 * x;
          vertices += kjr[cell]!;
          faces += kjr[cell + side + 1]!;
          if (kjr[cell] === kjr[cell + side + 1]) equal++;
          expect(correlated[cell + side + 1]).toBe(correlated[cell]);
          correlatedVertices += correlated[cell]!;
        }
      }
    }
    // Binomial(12800, 1/2): standard deviation 56.6; 5 sigma fails a fair coin with probability 6e-7.
    const limit = 5 * Math.sqrt(cells / 4);
    expect(Math.abs(vertices - cells / 2)).toBeLessThan(limit);
    expect(Math.abs(faces - cells / 2)).toBeLessThan(limit);
    expect(Math.abs(correlatedVertices - cells / 2)).toBeLessThan(limit);
    // Independent vertex and face: they agree half the time.
    expect(Math.abs(equal - cells / 2)).toBeLessThan(limit);
  });

  it("gives the same image for the same seed and another for another seed", () => {
    const samples = new Uint8Array([...mixedCovering(), ...columnarCovering(4)]);
    for (const encoding of ["kjr", "kjr-correlated"] as const) {
      const a = encodeDimers(samples, 4, encoding, 11);
      expect(encodeDimers(samples, 4, encoding, 11)).toEqual(a);
      expect(encodeDimers(samples, 4, encoding, 12)).not.toEqual(a);
    }
  });

  it("rejects an odd side and a length that is not whole samples", () => {
    expect(() => encodeDimers(new Uint8Array(18), 3, "kjr", 1)).toThrow(RangeError);
    expect(() => encodeDimers(new Uint8Array(33), 4, "bonds", 1)).toThrow(RangeError);
  });
});
