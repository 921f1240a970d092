/** What lies under a click: each layer's features with their attributes and ellipsoidal area. */
import { Collapse, Descriptions, Empty, Typography } from 'antd';
import type { Feature } from 'geojson';
import type { IdentifyResult } from '../../api/types.js';
import { formatArea, formatNumber } from '../../components/format.js';
import { geometryArea } from '../../geo/geodesic.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

/** Typed columns the server publishes per table (src/services/feature-columns.ts), in reading order. */
const TYPED = [
  'name',
  'dlbm',
  'dlmc',
  'czcsxm',
  'line_type',
  'sub_type',
  'zone_type',
  'zone_name',
  'ydyh_code',
  'ydyh_name',
  'road_class',
  'facility_type',
  'code',
  'kind',
  'level',
  'name_en',
  'parent_code',
  'bsm',
  'class_code',
  'region_code',
];

const attrLabel = (name: string): MessageKey => `attr.${name}` as MessageKey;

export function FeatureAttributes({ feature }: { feature: Feature }) {
  const { t, locale } = useI18n();
  const props = (feature.properties ?? {}) as Record<string, unknown>;
  const typed = TYPED.filter((k) => props[k] !== undefined && props[k] !== null && props[k] !== '');
  const source = (props.attrs ?? null) as Record<string, unknown> | null;
  const polygonal =
    feature.geometry && (feature.geometry.type === 'Polygon' || feature.geometry.type === 'MultiPolygon');
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          ...typed.map((k) => ({ key: k, label: t(attrLabel(k)), children: String(props[k]) })),
          ...(polygonal
            ? [
                {
                  key: 'area',
                  label: t('map.identify.area'),
                  children: formatArea(geometryArea(feature.geometry), locale),
                },
              ]
            : []),
        ]}
      />
      {source && Object.keys(source).length > 0 && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'attrs',
              label: t('map.identify.sourceAttributes', { count: Object.keys(source).length }),
              children: (
                <Descriptions
                  size="small"
                  column={1}
                  items={Object.entries(source).map(([k, v]) => ({
                    key: k,
                    label: k,
                    children: typeof v === 'number' ? formatNumber(v, locale, 4) : v === null ? '—' : String(v),
                  }))}
                />
              ),
            },
          ]}
        />
      )}
    </>
  );
}

export function IdentifyPanel({
  result,
  onPick,
  titleOf,
}: {
  result: IdentifyResult;
  onPick(feature: Feature): void;
  titleOf(code: string): string | undefined;
}) {
  const { t, locale } = useI18n();
  const withFeatures = result.layers.filter((l) => l.features.length > 0);
  return (
    <div className="identify-panel" aria-live="polite">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('map.identify.at', {
          lon: formatNumber(result.lon, locale, 6),
          lat: formatNumber(result.lat, locale, 6),
          tolerance: formatNumber(result.toleranceM, locale, 1),
        })}
      </Typography.Paragraph>
      {withFeatures.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('map.identify.nothing')} />
      ) : (
        <Collapse
          size="small"
          defaultActiveKey={withFeatures.map((l) => l.code)}
          items={withFeatures.map((layer) => ({
            key: layer.code,
            label: `${titleOf(layer.code) ?? layer.title} (${layer.features.length}${layer.truncated ? '+' : ''})`,
            children: layer.features.map((feature, i) => (
              <div
                key={String(feature.id ?? i)}
                className="identify-feature"
                onMouseEnter={() => onPick(feature)}
                onFocus={() => onPick(feature)}
                tabIndex={0}
              >
                <FeatureAttributes feature={feature} />
              </div>
            )),
          }))}
        />
      )}
    </div>
  );
}
