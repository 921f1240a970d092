/** The running measurement: geodesic length, or ellipsoidal area and perimeter (CGCS2000). */
import { Descriptions, Typography } from 'antd';
import { formatArea, formatLength } from '../../components/format.js';
import { pathLength, ringArea, segmentLengths } from '../../geo/geodesic.js';
import { useI18n } from '../../i18n/i18n.js';
import { sketchPath, type Sketch } from '../../map/sketch.js';

export function MeasurePanel({ sketch, kind }: { sketch: Sketch; kind: 'distance' | 'area' }) {
  const { t, locale } = useI18n();
  const path = sketchPath(sketch);
  const segments = segmentLengths(path);
  const area = kind === 'area' ? ringArea(path) : null;
  return (
    <div className="measure-panel" aria-live="polite">
      <Typography.Paragraph type="secondary">
        {t(kind === 'distance' ? 'map.measure.hintDistance' : 'map.measure.hintArea')}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={
          kind === 'distance'
            ? [
                {
                  key: 'len',
                  label: t('map.measure.length'),
                  children: <strong data-testid="measure-length">{formatLength(pathLength(path), locale)}</strong>,
                },
                { key: 'n', label: t('map.measure.vertices'), children: sketch.points.length },
              ]
            : [
                {
                  key: 'area',
                  label: t('map.measure.area'),
                  children: <strong data-testid="measure-area">{formatArea(area?.area ?? 0, locale)}</strong>,
                },
                { key: 'per', label: t('map.measure.perimeter'), children: formatLength(area?.perimeter ?? 0, locale) },
                { key: 'n', label: t('map.measure.vertices'), children: sketch.points.length },
              ]
        }
      />
      {kind === 'distance' && segments.length > 1 && (
        <ol className="segment-list">
          {segments.map((s, i) => (
            <li key={i}>{formatLength(s, locale)}</li>
          ))}
        </ol>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('map.measure.method')}
      </Typography.Paragraph>
    </div>
  );
}
