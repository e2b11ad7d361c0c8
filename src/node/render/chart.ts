// Renders Vega-Lite specs: Vega-Lite compiles to a Vega spec, a headless Vega
// view writes SVG, and sharp (librsvg inside libvips) rasterises it to PNG.
// Text in the PNG is drawn with the system's fonts through fontconfig (Vega's
// default family is "sans-serif"; on Debian `fonts-dejavu-core` supplies it).

import sharp from "sharp";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** SVG's CSS pixel density: a density of 72 * scale draws the SVG at scale times its size. */
const SVG_BASE_DENSITY = 72;

/**
 * SVG text of a Vega-Lite spec, drawn by a headless Vega view (no browser).
 *
 * @param spec - The Vega-Lite spec.
 * @returns The SVG document's text.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * PNG of a Vega-Lite spec at `scale` times its CSS size: renderSvg, then svgToPng.
 *
 * @param spec - The Vega-Lite spec.
 * @param scale - Pixels per CSS pixel; default 2.
 * @returns The PNG's bytes.
 */
export async function renderPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), scale);
}

/**
 * PNG of an SVG (renderSvg's) drawn at `scale` times its size: a chart shown inline and saved as PNG is rendered once.
 *
 * @param svg - The SVG document's text.
 * @param scale - Pixels per CSS pixel; default 2.
 * @returns The PNG's bytes.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  return sharp(Buffer.from(svg), { density: SVG_BASE_DENSITY * scale }).png().toBuffer();
}
