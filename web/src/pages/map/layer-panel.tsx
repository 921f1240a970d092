/** The layer tree: plan version and survey year switches, then every layer by category. */
import { Checkbox, Collapse, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { LayerView } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';
import {
  groupLayers,
  layerVersions,
  surveyYears,
  switchVersion,
  switchYear,
  type VersionInfo,
} from '../../map/layer-catalog.js';

export const categoryLabel = (category: string): MessageKey => `layer.category.${category}` as MessageKey;

export function versionName(
  id: number,
  versions: Map<number, VersionInfo>,
  pick: (zh: string, en?: string | null) => string,
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
  layers: LayerView[] = [],
) {
  const v = versions.get(id);
  if (!v) return labelFromTitles(id, layers, pick) ?? t('map.versionNo', { id });
  const current = v.isCurrent ? t('map.currentVersion') : '';
  return `${pick(v.plan.name, v.plan.nameEn)} · ${v.label}${current}`;
}

/**
 * Without plan details (the public may not read plans), a version is named by what its layers' titles
 * say in brackets: 控制线（总体规划2025年修改版） → 总体规划2025年修改版.
 */
function labelFromTitles(
  id: number,
  layers: LayerView[],
  pick: (zh: string, en?: string | null) => string,
): string | null {
  const layer = layers.find((l) => l.planVersionId === id);
  if (!layer) return null;
  const zh = /（([^）]+)）/.exec(layer.title)?.[1];
  const en = layer.titleEn ? /\(([^)]+)\)/.exec(layer.titleEn)?.[1] : undefined;
  return zh ? pick(zh, en) : null;
}

/** Versions grouped under their plan; without plan details, by number. */
function versionOptions(
  layers: LayerView[],
  ids: number[],
  versions: Map<number, VersionInfo>,
  pick: (zh: string, en?: string | null) => string,
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
) {
  const groups = new Map<string, { value: number; label: string }[]>();
  for (const id of ids) {
    const v = versions.get(id);
    const plan = v ? pick(v.plan.name, v.plan.nameEn) : t('map.planVersion');
    const label = v
      ? `${v.label}${v.isCurrent ? t('map.currentVersion') : ''}`
      : (labelFromTitles(id, layers, pick) ?? t('map.versionNo', { id }));
    groups.set(plan, [...(groups.get(plan) ?? []), { value: id, label }]);
  }
  return [...groups.entries()].map(([plan, options]) => ({ label: plan, title: plan, options }));
}

export function LayerPanel({
  layers,
  versions,
  visible,
  onChange,
}: {
  layers: LayerView[];
  versions: Map<number, VersionInfo>;
  visible: Set<string>;
  onChange(next: Set<string>): void;
}) {
  const { t, pick, locale } = useI18n();
  const versionIds = layerVersions(layers);
  const years = surveyYears(layers);
  const shownVersion = versionIds.find((id) => layers.some((l) => l.planVersionId === id && visible.has(l.code)));
  const shownYear = years.find((y) =>
    layers.some((l) => l.category === 'land_survey' && l.statusYear === y && visible.has(l.code)),
  );
  const toggle = (code: string, on: boolean) => {
    const next = new Set(visible);
    if (on) next.add(code);
    else next.delete(code);
    onChange(next);
  };

  return (
    <div className="layer-panel">
      <Space orientation="vertical" style={{ width: '100%' }} size="small">
        {versionIds.length > 0 && (
          <label className="field-label">
            <span>{t('map.planVersion')}</span>
            <Select
              value={shownVersion}
              placeholder={t('map.planVersionNone')}
              style={{ width: '100%' }}
              onChange={(id: number) => onChange(switchVersion(layers, visible, id))}
              options={versionOptions(layers, versionIds, versions, pick, t)}
              aria-label={t('map.planVersion')}
            />
          </label>
        )}
        {years.length > 0 && (
          <label className="field-label">
            <span>{t('map.surveyYear')}</span>
            <Select
              value={shownYear}
              placeholder={t('map.surveyYearNone')}
              style={{ width: '100%' }}
              onChange={(year: number) => onChange(switchYear(layers, visible, year))}
              options={years.map((y) => ({ value: y, label: t('map.surveyYearOption', { year: y }) }))}
              aria-label={t('map.surveyYear')}
            />
          </label>
        )}
      </Space>
      <Collapse
        size="small"
        className="layer-groups"
        defaultActiveKey={groupLayers(layers).map((g) => g.category)}
        items={groupLayers(layers).map((group) => ({
          key: group.category,
          label: (
            <span>
              {t(categoryLabel(group.category))}{' '}
              <Typography.Text type="secondary">
                ({group.layers.filter((l) => visible.has(l.code)).length}/{group.layers.length})
              </Typography.Text>
            </span>
          ),
          children: (
            <ul className="layer-list">
              {group.layers.map((layer) => (
                <li key={layer.code}>
                  <Checkbox
                    checked={visible.has(layer.code)}
                    onChange={(e) => toggle(layer.code, e.target.checked)}
                    data-layer={layer.code}
                  >
                    <Tooltip
                      title={`${layer.code} · ${t('common.features', { count: layer.featureCount.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB') })}`}
                      placement="right"
                    >
                      <span>{pick(layer.title, layer.titleEn)}</span>
                    </Tooltip>
                  </Checkbox>
                  <span className="layer-tags">
                    {layer.planVersionId !== null && versions.get(layer.planVersionId)?.isCurrent && (
                      <Tag color="blue">{t('map.current')}</Tag>
                    )}
                    {!layer.isPublic && <Tag>{t('common.internal')}</Tag>}
                  </span>
                </li>
              ))}
            </ul>
          ),
        }))}
      />
    </div>
  );
}
