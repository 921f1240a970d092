/**
 * Two years or two plan versions, compared: by swiping a divider across one view, or side by side.
 * Both maps move together.
 */
import { CloseOutlined } from '@ant-design/icons';
import { Button, Segmented, Select, Space } from 'antd';
import type { Map as MlMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { LayerView } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Bounds } from '../../map/home-bounds.js';
import { layerVersions, surveyYears, type VersionInfo } from '../../map/layer-catalog.js';
import { MapView } from '../../map/map-view.js';
import { versionName } from './layer-panel.js';

interface Scene {
  key: string;
  label: string;
  layers: LayerView[];
}

export function useScenes(layers: LayerView[], versions: Map<number, VersionInfo>): Scene[] {
  const { t, pick } = useI18n();
  return useMemo(() => {
    const zones = layers.filter((l) => l.category === 'zone');
    const years = surveyYears(layers).sort((a, b) => a - b);
    const ids = layerVersions(layers).sort((a, b) => a - b);
    return [
      ...years.map((year) => ({
        key: `year:${year}`,
        label: t('map.compare.sceneYear', { year }),
        layers: [...layers.filter((l) => l.category === 'land_survey' && l.statusYear === year), ...zones],
      })),
      ...ids.map((id) => ({
        key: `version:${id}`,
        label: versionName(id, versions, pick, t, layers),
        layers: [
          ...layers.filter(
            (l) => l.planVersionId === id && (l.category === 'control_line' || l.category === 'planned_land_use'),
          ),
          ...zones,
        ],
      })),
    ];
  }, [layers, versions, t, pick]);
}

export function CompareView({
  layers,
  versions,
  bounds,
  onClose,
}: {
  layers: LayerView[];
  versions: Map<number, VersionInfo>;
  bounds: Bounds;
  onClose(): void;
}) {
  const { t } = useI18n();
  const scenes = useScenes(layers, versions);
  const [left, setLeft] = useState(scenes[0]?.key);
  const [right, setRight] = useState(
    scenes.find((s) => s.key.split(':')[0] === scenes[0]?.key.split(':')[0] && s.key !== scenes[0]?.key)?.key ??
      scenes[1]?.key,
  );
  const [mode, setMode] = useState<'swipe' | 'side'>('swipe');
  const [split, setSplit] = useState(50);
  const [leftMap, setLeftMap] = useState<MlMap | null>(null);
  const [rightMap, setRightMap] = useState<MlMap | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    if (!leftMap || !rightMap) return;
    let syncing = false;
    const follow = (from: MlMap, to: MlMap) => () => {
      if (syncing) return;
      syncing = true;
      to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
      syncing = false;
    };
    const a = follow(leftMap, rightMap);
    const b = follow(rightMap, leftMap);
    leftMap.on('move', a);
    rightMap.on('move', b);
    return () => {
      leftMap.off('move', a);
      rightMap.off('move', b);
    };
  }, [leftMap, rightMap]);

  useEffect(() => {
    leftMap?.resize();
    rightMap?.resize();
  }, [mode, leftMap, rightMap]);

  const leftScene = scenes.find((s) => s.key === left);
  const rightScene = scenes.find((s) => s.key === right);
  const options = scenes.map((s) => ({ value: s.key, label: s.label }));
  const onLeft = useCallback((m: MlMap | null) => setLeftMap(m), []);
  const onRight = useCallback((m: MlMap | null) => setRightMap(m), []);

  const moveTo = (clientX: number) => {
    const box = stage.current?.getBoundingClientRect();
    if (!box) return;
    setSplit(Math.min(98, Math.max(2, ((clientX - box.left) / box.width) * 100)));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft') setSplit((s) => Math.max(2, s - 5));
    if (e.key === 'ArrowRight') setSplit((s) => Math.min(98, s + 5));
  };

  return (
    <div className="compare-view">
      <div className="compare-toolbar">
        <Space wrap>
          <Select
            value={left}
            onChange={setLeft}
            options={options}
            style={{ width: 300 }}
            aria-label={t('map.compare.left')}
          />
          <Segmented
            value={mode}
            onChange={(v) => setMode(v as 'swipe' | 'side')}
            options={[
              { value: 'swipe', label: t('map.compare.swipe') },
              { value: 'side', label: t('map.compare.side') },
            ]}
          />
          <Select
            value={right}
            onChange={setRight}
            options={options}
            style={{ width: 300 }}
            aria-label={t('map.compare.right')}
          />
        </Space>
        <Button icon={<CloseOutlined />} onClick={onClose}>
          {t('map.compare.close')}
        </Button>
      </div>
      <div ref={stage} className={`compare-stage compare-${mode}`}>
        <div className="compare-pane compare-left">
          <MapView layers={leftScene?.layers ?? []} bounds={bounds} onMap={onLeft} label={leftScene?.label} />
          <span className="compare-caption compare-caption-left">{leftScene?.label}</span>
        </div>
        <div
          className="compare-pane compare-right"
          style={mode === 'swipe' ? { clipPath: `inset(0 0 0 ${split}%)` } : undefined}
        >
          <MapView layers={rightScene?.layers ?? []} bounds={bounds} onMap={onRight} label={rightScene?.label} />
          <span className="compare-caption compare-caption-right">{rightScene?.label}</span>
        </div>
        {mode === 'swipe' && (
          <div
            className="swipe-handle"
            style={{ left: `${split}%` }}
            role="slider"
            tabIndex={0}
            aria-label={t('map.compare.divider')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(split)}
            onKeyDown={onKey}
            onPointerDown={(e: PointerEvent) => {
              dragging.current = true;
              (e.target as HTMLElement).setPointerCapture(e.pointerId);
            }}
            onPointerMove={(e: PointerEvent) => dragging.current && moveTo(e.clientX)}
            onPointerUp={() => {
              dragging.current = false;
            }}
          >
            <span className="swipe-grip" />
          </div>
        )}
      </div>
    </div>
  );
}
