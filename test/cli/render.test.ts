import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AXIS_TITLES, trainingCurveSpecs, type TrainingCurveSpecs } from "../../src/charts/training-curves.js";
import type { EpochMetrics } from "../../src/rbm/training/index.js";
import { renderPng, renderSvg } from "../../src/node/render/chart.js";
import { colorForValue, renderFieldGrid, renderLatticeGrid, type Rgb } from "../../src/node/render/field-grid.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
const RED_END = colorForValue(1, 1);
const BLUE_END = colorForValue(-1, 1);
const FIELD_GAP: Rgb = [128, 128, 128];

interface DecodedImage {
  width: number;
  height: number;
  pixel(x: number, y: number): Rgb;
}

async function decode(png: Buffer): Promise<DecodedImage> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number): Rgb => {
    const at = (y * info.width + x) * info.channels;
    return [data[at]!, data[at + 1]!, data[at + 2]!];
  };
  return { width: info.width, height: info.height, pixel };
}

/** Every pixel of site (row, column) in the tile at (left, top), cells of `cell` pixels. */
function sitePixels(image: DecodedImage, left: number, top: number, cell: number, row: number, column: number): Rgb[] {
  const pixels: Rgb[] = [];
  for (let dy = 0; dy < cell; dy++) {
    for (let dx = 0; dx < cell; dx++) pixels.push(image.pixel(left + column * cell + dx, top + row * cell + dy));
  }
  return pixels;
}

function expectSiteColor(image: DecodedImage, left: number, top: number, cell: number, row: number, column: number, color: Rgb): void {
  for (const pixel of sitePixels(image, left, top, cell, row, column)) expect(pixel).toEqual(color);
}

function expectPngSignature(png: Buffer): void {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
}

describe("colorForValue", () => {
  it("maps zero to exactly white and the ends to dark red and dark blue", () => {
    expect(colorForValue(0, 3)).toEqual(WHITE);
    expect(colorForValue(-0, 3)).toEqual(WHITE);
    expect(RED_END).toEqual([103, 0, 31]);
    expect(BLUE_END).toEqual([5, 48, 97]);
    expect(colorForValue(2.5, 2.5)).toEqual(RED_END);
    expect(colorForValue(-2.5, 2.5)).toEqual(BLUE_END);
  });

  it("clamps beyond maxAbs, draws an all-zero scale white, and marks NaN black", () => {
    expect(colorForValue(10, 1)).toEqual(RED_END);
    expect(colorForValue(-10, 1)).toEqual(BLUE_END);
    expect(colorForValue(5, 0)).toEqual(WHITE);
    expect(colorForValue(Number.NaN, 1)).toEqual(BLACK);
  });

  it("goes red for positive and blue for negative values, darker with magnitude", () => {
    const halfRed = colorForValue(0.5, 1);
    const halfBlue = colorForValue(-0.5, 1);
    expect(halfRed[0]).toBeGreaterThan(halfRed[2]);
    expect(halfBlue[2]).toBeGreaterThan(halfBlue[0]);
    const brightness = (c: Rgb) => c[0] + c[1] + c[2];
    for (const sign of [1, -1]) {
      const levels = [0, 0.25, 0.5, 0.75, 1].map((t) => brightness(colorForValue(sign * t, 1)));
      for (let i = 1; i < levels.length; i++) expect(levels[i]).toBeLessThan(levels[i - 1]!);
    }
  });
});

describe("renderFieldGrid", () => {
  // 3x3 lattice, 2 units, 4 px per site, 1 px gaps, 2 columns.
  const side = 3;
  const nVisible = 9;
  const nUnits = 2;
  const cell = 4;
  const gap = 1;
  const tile = side * cell;
  const fields = new Float32Array(nVisible * nUnits);
  const setField = (site: number, unit: number, value: number) => { fields[site * nUnits + unit] = value; };
  setField(5, 0, 0.5); // unit 0: one positive site at row 1, column 2
  setField(0, 1, -3); // unit 1: strong negative at row 0, column 0 ...
  setField(4, 1, 1.5); // ... and a positive half its size at row 1, column 1

  it("writes a PNG of the expected size", async () => {
    const png = await renderFieldGrid(fields, nVisible, nUnits, side, { cellPixels: cell, gap, columns: 2 });
    expectPngSignature(png);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe("png");
    expect([meta.width, meta.height]).toEqual([2 * tile + 3 * gap, tile + 2 * gap]);
  });

  it("colours sites exactly and scales each tile by its own largest |value|", async () => {
    const image = await decode(await renderFieldGrid(fields, nVisible, nUnits, side, { cellPixels: cell, gap, columns: 2 }));
    const firstLeft = gap;
    const secondLeft = gap + tile + gap;
    const top = gap;
    expectSiteColor(image, firstLeft, top, cell, 1, 2, RED_END);
    for (const [row, column] of [[0, 0], [0, 1], [1, 1], [2, 2]] as const) {
      expectSiteColor(image, firstLeft, top, cell, row, column, WHITE);
    }
    expectSiteColor(image, secondLeft, top, cell, 0, 0, BLUE_END);
    expectSiteColor(image, secondLeft, top, cell, 1, 1, colorForValue(0.5, 1));
    expectSiteColor(image, secondLeft, top, cell, 2, 2, WHITE);
    expect(image.pixel(0, 0)).toEqual(FIELD_GAP);
    expect(image.pixel(gap + tile, top + 3)).toEqual(FIELD_GAP);
  });

  it("reads column j of the row-major (nVisible x nUnits) matrix as unit j", async () => {
    // Same fields, drawn one tile per row: unit 1 is the lower tile.
    const image = await decode(await renderFieldGrid(fields, nVisible, nUnits, side, { cellPixels: cell, gap, columns: 1 }));
    expect([image.width, image.height]).toEqual([tile + 2 * gap, 2 * tile + 3 * gap]);
    expectSiteColor(image, gap, gap, cell, 1, 2, RED_END);
    expectSiteColor(image, gap, 2 * gap + tile, cell, 0, 0, BLUE_END);
  });

  it("defaults to about 80 px tiles in a square-ish grid and honours maxUnits", async () => {
    const wide = new Float32Array(1600 * 10).fill(0.25);
    const png = await renderFieldGrid(wide, 1600, 10, 40, { maxUnits: 5 });
    const meta = await sharp(png).metadata();
    // 5 tiles -> 3 columns x 2 rows of 80 px tiles, 2 px gaps.
    expect([meta.width, meta.height]).toEqual([3 * 80 + 4 * 2, 2 * 80 + 3 * 2]);
    const image = await decode(png);
    expect(image.pixel(2 + 40, 2 + 40)).toEqual(RED_END);
  });

  it("rejects shapes that do not match", async () => {
    await expect(renderFieldGrid(new Float32Array(8), 9, 1, 3)).rejects.toThrow(RangeError);
    await expect(renderFieldGrid(new Float32Array(16), 16, 1, 3)).rejects.toThrow(RangeError);
    await expect(renderFieldGrid(new Float32Array(9), 9, 1, 3, { cellPixels: 0 })).rejects.toThrow(RangeError);
  });
});

describe("renderLatticeGrid", () => {
  const side = 2;
  const cell = 3;
  const gap = 1;
  const tile = side * cell;

  it("draws -1 black and +1 white, tiles left to right", async () => {
    const spins = Int8Array.from([-1, 1, 1, -1, /* second */ 1, 1, 1, -1]);
    const png = await renderLatticeGrid(spins, 2, side, { cellPixels: cell, gap });
    expectPngSignature(png);
    const image = await decode(png);
    expect([image.width, image.height]).toEqual([2 * tile + 3 * gap, tile + 2 * gap]);
    expectSiteColor(image, gap, gap, cell, 0, 0, BLACK);
    expectSiteColor(image, gap, gap, cell, 0, 1, WHITE);
    expectSiteColor(image, gap, gap, cell, 1, 0, WHITE);
    expectSiteColor(image, gap, gap, cell, 1, 1, BLACK);
    expectSiteColor(image, 2 * gap + tile, gap, cell, 0, 0, WHITE);
    expectSiteColor(image, 2 * gap + tile, gap, cell, 1, 1, BLACK);
  });

  it("draws 0/1 bits and probabilities on [0, 1] in grayscale", async () => {
    const bits = await decode(await renderLatticeGrid(Uint8Array.from([0, 1, 0, 1]), 1, side, { cellPixels: cell, gap }));
    expectSiteColor(bits, gap, gap, cell, 0, 0, BLACK);
    expectSiteColor(bits, gap, gap, cell, 0, 1, WHITE);
    const probabilities = Float32Array.from([0, 0.5, 1, 0.25]);
    const gray = await decode(await renderLatticeGrid(probabilities, 1, side, { cellPixels: cell, gap }));
    expectSiteColor(gray, gap, gap, cell, 0, 0, BLACK);
    expectSiteColor(gray, gap, gap, cell, 0, 1, [128, 128, 128]);
    expectSiteColor(gray, gap, gap, cell, 1, 0, WHITE);
    expectSiteColor(gray, gap, gap, cell, 1, 1, [64, 64, 64]);
  });

  it("uses an explicit range, clamping outside it", async () => {
    const values = Float32Array.from([-2, 0, 2, 5]);
    const image = await decode(await renderLatticeGrid(values, 1, side, { cellPixels: 1, gap: 0, range: [-2, 2] }));
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(image.pixel(0, 0)).toEqual(BLACK);
    expect(image.pixel(1, 0)).toEqual([128, 128, 128]);
    expect(image.pixel(0, 1)).toEqual(WHITE);
    expect(image.pixel(1, 1)).toEqual(WHITE);
  });

  it("wraps rows at the column count", async () => {
    const spins = new Int8Array(5 * 4).fill(1);
    const meta = await sharp(await renderLatticeGrid(spins, 5, side, { cellPixels: cell, gap, columns: 2 })).metadata();
    expect([meta.width, meta.height]).toEqual([2 * tile + 3 * gap, 3 * tile + 4 * gap]);
  });
});

/** Two layers x five epochs; layer 2 has no held-out split. */
function fakeMetrics(): EpochMetrics[] {
  const rows: EpochMetrics[] = [];
  for (const layer of [1, 2]) {
    for (let epoch = 1; epoch <= 5; epoch++) {
      rows.push({
        layer, epoch, momentum: epoch > 5 ? 0.9 : 0.5,
        pseudoLikelihood: -(layer === 1 ? 700 : 180) / Math.sqrt(epoch),
        reconstructionError: 0.05 * layer + 0.2 / epoch,
        freeEnergyTrain: -200 * layer - 10 * epoch,
        freeEnergyValidation: layer === 1 ? -200 - 8 * epoch : null,
        pseudoLikelihoodValidation: null,
        seconds: 0.5, monitorSeconds: 0.05,
      });
    }
  }
  return rows;
}

function lineMarkCount(svg: string): number {
  return svg.match(/aria-roledescription="line mark"/g)?.length ?? 0;
}

function svgSize(svg: string): [number, number] {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error("SVG without width and height");
  return [Number(match[1]), Number(match[2])];
}

async function nonWhitePixelCount(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i]! + data[i + 1]! + data[i + 2]! < 3 * 255) count++;
  return count;
}

describe("training curve charts", () => {
  const specs: TrainingCurveSpecs = trainingCurveSpecs(fakeMetrics(), "fake run");

  it("are plain JSON", () => {
    expect(JSON.parse(JSON.stringify(specs))).toEqual(specs);
  });

  it("render to SVG with their axis titles and one line per layer series", async () => {
    const cases = [
      { spec: specs.pseudoLikelihood, titles: AXIS_TITLES.pseudoLikelihood, lines: 2, heading: "Pseudo-likelihood" },
      { spec: specs.reconstructionError, titles: AXIS_TITLES.reconstructionError, lines: 2, heading: "Reconstruction error" },
      // Layer 1 train + held-out, layer 2 train only (its held-out values are null).
      { spec: specs.freeEnergy, titles: AXIS_TITLES.freeEnergy, lines: 3, heading: "Free energy" },
    ];
    for (const { spec, titles, lines, heading } of cases) {
      const svg = await renderSvg(spec);
      expect(svg.startsWith("<svg")).toBe(true);
      for (const text of [...titles, ...AXIS_TITLES.epoch, heading, "fake run"]) expect(svg).toContain(text);
      expect(lineMarkCount(svg)).toBe(lines);
    }
  });

  it("labels layers in the legend or panel headers", async () => {
    for (const spec of [specs.pseudoLikelihood, specs.reconstructionError, specs.freeEnergy]) {
      const svg = await renderSvg(spec);
      expect(svg).toContain("layer 1");
      expect(svg).toContain("layer 2");
    }
    expect(await renderSvg(specs.freeEnergy)).toContain("held-out");
  });

  it("leaves out missing and non-finite values", () => {
    const metrics = fakeMetrics();
    metrics[0]!.pseudoLikelihood = Number.NaN;
    const spec = trainingCurveSpecs(metrics, "gaps").pseudoLikelihood as { data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(9);
    const freeEnergy = trainingCurveSpecs(metrics, "gaps").freeEnergy as { data: { values: unknown[] } };
    expect(freeEnergy.data.values).toHaveLength(15);
  });

  it("render to a non-blank PNG at scale times the SVG size", async () => {
    const svg = await renderSvg(specs.reconstructionError);
    const [svgWidth, svgHeight] = svgSize(svg);
    for (const scale of [1, 2]) {
      const png = await renderPng(specs.reconstructionError, scale);
      expectPngSignature(png);
      const meta = await sharp(png).metadata();
      expect(meta.width).toBe(Math.round(svgWidth * scale));
      expect(meta.height).toBe(Math.round(svgHeight * scale));
      expect(await nonWhitePixelCount(png)).toBeGreaterThan(1000 * scale * scale);
    }
  });

  it("rejects a non-positive scale", async () => {
    await expect(renderPng(specs.reconstructionError, 0)).rejects.toThrow(RangeError);
  });
});
