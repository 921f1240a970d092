/**
 * Figures without a store: Chinese glyphs come from the shipped font (resvg loads no system font), the
 * trend chart and the thematic map draw what they are given, and the classing and radar scores are the
 * hand-computed ones.
 */
import { describe, expect, it } from 'vitest';
import type { ReportRow } from './report-model.js';
import { dimensionScores } from './report-model.js';
import { trendChartSvg } from './report-charts.js';
import { FONT_FAMILY, rasterise } from './render-png.js';
import { quantileBreaks, thematicMapPng, thematicMapSvg } from './thematic-map.js';
import { docxToPdf, findSoffice } from './write-pdf.js';

/** Dark pixels (any channel < 128) in a rectangle of an RGBA image. */
function darkPixels(img: ReturnType<typeof rasterise>, x0: number, y0: number, x1: number, y1: number): number {
  const px = img.pixels;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (px[i]! < 128 || px[i + 1]! < 128 || px[i + 2]! < 128) n++;
    }
  return n;
}

const textSvg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><text x="10" y="45" font-family="${FONT_FAMILY}" font-size="40">${text}</text></svg>`;

const square = (x: number, y: number, s = 0.1) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ],
  ],
});

describe('report figures', () => {
  it('draws Chinese glyphs from the shipped font, different for different characters', () => {
    const a = rasterise(textSvg('体'), 1);
    const b = rasterise(textSvg('检'), 1);
    const empty = rasterise(textSvg(''), 1);
    expect(darkPixels(empty, 0, 0, 120, 60)).toBe(0);
    expect(darkPixels(a, 0, 0, 120, 60)).toBeGreaterThan(150);
    // A missing glyph would draw the same box (or nothing) for both: real glyphs differ.
    expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels))).toBe(false);
  });

  it('renders the trend chart title in Chinese: ink in the title band only when there is a title', () => {
    const series = {
      indicatorCode: 'MP-04',
      name: '耕地保有量',
      unit: 'km²',
      zoneCode: '9901',
      points: [
        { year: 2023, value: 10 },
        { year: 2024, value: 12 },
        { year: 2025, value: 13 },
      ],
      trajectory: [
        { year: 2020, value: 9 },
        { year: 2035, value: 20 },
      ],
      target: { year: 2035, value: 20 },
      forecast: [{ year: 2026, value: 14.5, low: 13, high: 16 }],
    };
    const withTitle = rasterise(trendChartSvg(series), 1);
    const untitled = rasterise(trendChartSvg({ ...series, name: '' }).replace(/>变化趋势</, '><'), 1);
    expect(withTitle.width).toBe(640);
    // The title is centred in the top 30 px of a 640 × 360 chart.
    const band = [220, 0, 420, 30] as const;
    expect(darkPixels(withTitle, ...band)).toBeGreaterThan(300);
    expect(darkPixels(untitled, ...band)).toBeLessThan(darkPixels(withTitle, ...band) / 5);
    const svg = trendChartSvg(series);
    for (const label of ['实际值', '规划目标轨迹', '趋势外推', '目标 20']) expect(svg).toContain(label);
  });

  it('classes values in quantiles and scores dimensions by grade', () => {
    // 10 values, 5 classes of 2: upper bounds are the 2nd, 4th, 6th and 8th values.
    expect(quantileBreaks([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([2, 4, 6, 8]);
    const row = (dimension: string, status: ReportRow['status'], zoneCode = '9901') =>
      ({ dimension, status, zoneCode }) as ReportRow;
    // 安全: (100 + 0) / 2 = 50; 创新: 75 (the missing value is not scored); another zone is left out.
    expect(
      dimensionScores(
        [
          row('安全', 'normal'),
          row('安全', 'red'),
          row('创新', 'blue'),
          row('创新', 'missing'),
          row('安全', 'red', '990102'),
        ],
        '9901',
      ),
    ).toEqual([
      // In pinyin order: ān before chuàng.
      { dimension: '安全', score: 50, count: 2 },
      { dimension: '创新', score: 75, count: 1 },
    ]);
  });

  it('draws a thematic map with legend, north arrow and a scale bar in the right length', () => {
    // Two 0.1° squares side by side at 32°N: 0.2° × cos 32° ≈ 18.9 km wide.
    const units = [
      { code: 'u1', name: '一', geometry: square(117, 32) },
      { code: 'u2', name: '二', geometry: square(117.1, 32) },
    ];
    const input = {
      title: '人均公园绿地面积（2025年）',
      unit: 'm²/人',
      units,
      values: new Map([
        ['u1', { value: 5, status: 'red' as const }],
        ['u2', { value: 12, status: 'normal' as const }],
      ]),
    };
    const svg = thematicMapSvg(input);
    expect(svg).toContain('红色预警');
    expect(svg).toContain('>北<');
    expect(svg).toContain('fill="#D7301F"');
    // Frame 520 px wide holds 18.9 km: a quarter is 4.7 km, so the bar is the nice 2 km.
    expect(svg).toContain('2 千米');
    const png = thematicMapPng(input);
    expect(png.width).toBe(1520);
    expect(png.data.length).toBeGreaterThan(10_000);
  });

  it('says in both languages that a PDF needs LibreOffice when soffice is nowhere', async () => {
    expect(findSoffice({ PATH: '/nonexistent-dir' })).toBeNull();
    expect(findSoffice({ LANTU_SOFFICE: '/nonexistent/soffice', PATH: process.env.PATH })).toBeNull();
    const saved = process.env.LANTU_SOFFICE;
    process.env.LANTU_SOFFICE = '/nonexistent/soffice';
    try {
      await expect(docxToPdf(Buffer.from('PK'))).rejects.toMatchObject({
        code: 'pdf_unavailable',
        status: 503,
        zh: expect.stringContaining('LibreOffice'),
        en: expect.stringContaining('LANTU_SOFFICE'),
      });
    } finally {
      if (saved === undefined) delete process.env.LANTU_SOFFICE;
      else process.env.LANTU_SOFFICE = saved;
    }
  });
});
