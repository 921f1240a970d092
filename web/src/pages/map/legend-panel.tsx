/** The legend of the layers on the map, in the reader's language. */
import { Typography } from 'antd';
import type { LayerView } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { legendFor, type LegendEntry } from '../../map/layer-styles.js';
import { EmptyState } from '../../components/page.js';

export function Swatch({ entry }: { entry: Pick<LegendEntry, 'colour' | 'kind'> }) {
  const style =
    entry.kind === 'fill'
      ? { background: entry.colour, border: '1px solid rgba(0,0,0,0.15)' }
      : entry.kind === 'circle'
        ? {
            background: entry.colour,
            borderRadius: '50%',
            border: '1px solid #fff',
            boxShadow: '0 0 0 1px rgba(0,0,0,0.2)',
          }
        : { borderTop: `3px ${entry.kind === 'dash' ? 'dashed' : 'solid'} ${entry.colour}`, height: 0, marginTop: 6 };
  return <span className="swatch" style={style} aria-hidden="true" />;
}

export function LegendPanel({ layers }: { layers: LayerView[] }) {
  const { t, pick } = useI18n();
  if (layers.length === 0) return <EmptyState description={t('map.legendEmpty')} />;
  return (
    <div className="legend-panel">
      {layers.map((layer) => (
        <section key={layer.code} className="legend-section">
          <Typography.Text strong>{pick(layer.title, layer.titleEn)}</Typography.Text>
          <ul>
            {legendFor(layer).map((entry) => (
              <li key={entry.zh}>
                <Swatch entry={entry} />
                <span>{pick(entry.zh, entry.en)}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
