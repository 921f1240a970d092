/**
 * SVG → PNG for the report's charts and maps with resvg, fed ONLY the font shipped in assets/fonts
 * (system fonts are not loaded), so a chart renders the same glyphs on a developer's laptop, in CI and
 * on a bureau's server whatever CJK fonts they have — and renders Chinese where none is installed.
 */
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/** src/checkup/report and dist/checkup/report are both three folders below the repository. */
export const FONT_FILE = fileURLToPath(new URL('../../../assets/fonts/LantuSansSC-Regular.otf', import.meta.url));
/** The family name inside the font file (assets/fonts/make-subset.py). */
export const FONT_FAMILY = 'Lantu Sans SC';

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

/** Rasterise at `scale` × the SVG's own size (2 for print-quality figures in a document). */
export function rasterise(svg: string, scale = 2) {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render();
}

export function svgToPng(svg: string, scale = 2): Png {
  const image = rasterise(svg, scale);
  return { data: image.asPng(), width: image.width, height: image.height };
}
