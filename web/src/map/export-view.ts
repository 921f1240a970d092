/**
 * The map view as a PNG: a title bar, the map as drawn, the layers and the time at the foot — the
 * form a planner pastes into a report. Uses the map's own canvas (kept with preserveDrawingBuffer).
 */
import type { Map as MlMap } from 'maplibre-gl';
import { saveBlob } from '../api/client.js';

export async function exportMapImage(
  map: MlMap,
  { title, footer, fileName }: { title: string; footer: string; fileName: string },
): Promise<void> {
  await new Promise<void>((resolve) => {
    map.once('render', () => resolve());
    map.triggerRepaint();
  });
  const source = map.getCanvas();
  const scale = source.width / source.clientWidth || 1;
  const header = Math.round(44 * scale);
  const foot = Math.round(30 * scale);
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + header + foot;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#0f2f57';
  ctx.fillRect(0, 0, canvas.width, header);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${Math.round(18 * scale)}px "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 14 * scale, header / 2);
  ctx.drawImage(source, 0, header);
  ctx.fillStyle = '#f5f7fa';
  ctx.fillRect(0, header + source.height, canvas.width, foot);
  ctx.fillStyle = '#434343';
  ctx.font = `${Math.round(12 * scale)}px "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif`;
  ctx.fillText(footer, 14 * scale, header + source.height + foot / 2);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob) saveBlob(blob, fileName);
}
