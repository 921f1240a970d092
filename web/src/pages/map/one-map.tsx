/**
 * The one map (一张图): the layer tree, vector tiles styled by class, identify, measuring, search,
 * comparing years and versions, the conflict check and export. The public portal shows the same map
 * with the public layers only and without the tools that need an account.
 */
import {
  AimOutlined,
  BorderOutlined,
  CameraOutlined,
  CloseOutlined,
  ColumnWidthOutlined,
  DownloadOutlined,
  ExperimentOutlined,
  LineOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Dropdown, Segmented, Spin, Tabs } from 'antd';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApiCatalog } from '../../api/catalog.js';
import { cached } from '../../api/cache.js';
import { api, ApiError, download } from '../../api/client.js';
import type { ConflictResult, IdentifyResult, LayerView, Zone } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatTime, joinList } from '../../components/format.js';
import { ErrorAlert, EmptyState } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';
import { exportMapImage } from '../../map/export-view.js';
import { geometryBounds, homeBounds, type Bounds } from '../../map/home-bounds.js';
import { defaultVisible, loadVersions, type VersionInfo } from '../../map/layer-catalog.js';
import { drawOrder } from '../../map/layer-styles.js';
import { MapView } from '../../map/map-view.js';
import { useOverlay } from '../../map/overlay.js';
import { sketchFeatures, useSketch } from '../../map/sketch.js';
import { CompareView, useScenes } from './compare-view.js';
import { ConflictPanel } from './conflict-panel.js';
import { IdentifyPanel } from './identify-panel.js';
import { LayerPanel } from './layer-panel.js';
import { LegendPanel } from './legend-panel.js';
import { MeasurePanel } from './measure-panel.js';
import { SearchBox } from './search-box.js';

type Tool = 'identify' | 'distance' | 'area' | 'parcel';

const asCollection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/**
 * Metres covered by some CSS pixels at a MapLibre zoom (512-pixel tiles on the Web Mercator sphere of
 * radius 6 378 137 m), capped at the server's 1 000 m limit for a click.
 */
export function toleranceMetres(zoom: number, lat: number, pixels: number): number {
  const metresPerPixel = (2 * Math.PI * 6378137 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
  return Math.min(1000, Math.max(0.5, pixels * metresPerPixel));
}

export function OneMap({ publicMode = false }: { publicMode?: boolean }) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const catalog = useApiCatalog();
  const [layers, setLayers] = useState<LayerView[] | null>(null);
  const [versions, setVersions] = useState<Map<number, VersionInfo>>(new Map());
  const [visible, setVisible] = useState<Set<string>>(new Set());
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [map, setMap] = useState<MlMap | null>(null);
  const [tool, setTool] = useState<Tool>('identify');
  const [identify, setIdentify] = useState<IdentifyResult | null>(null);
  const [identifying, setIdentifying] = useState(false);
  const [identifyError, setIdentifyError] = useState<ApiError | null>(null);
  const [picked, setPicked] = useState<Feature | null>(null);
  const [found, setFound] = useState<Zone | null>(null);
  const [parcel, setParcel] = useState<Geometry | null>(null);
  const [conflict, setConflict] = useState<ConflictResult | null>(null);
  const [comparing, setComparing] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const signedIn = Boolean(me) && !publicMode;

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const list = await cached.layers();
        const v =
          signedIn && can('plan.read') ? await loadVersions(await cached.plans()) : new Map<number, VersionInfo>();
        const b = await homeBounds(signedIn ? (me ?? null) : null);
        if (!live) return;
        setLayers(list);
        setVersions(v);
        setVisible(defaultVisible(list, v));
        setBounds(b);
      } catch (e) {
        if (live) setLoadError(e instanceof ApiError ? e : new ApiError(0, 'client', { zh: String(e), en: String(e) }));
      }
    })();
    return () => {
      live = false;
    };
  }, [signedIn, can, me]);

  const shown = useMemo(() => (layers ?? []).filter((l) => visible.has(l.code)), [layers, visible]);
  const titleOf = useCallback(
    (code: string) => {
      const l = layers?.find((x) => x.code === code);
      return l ? pick(l.title, l.titleEn) : undefined;
    },
    [layers, pick],
  );
  const scenes = useScenes(layers ?? [], versions);
  const analysisAvailable = catalog.has('post', '/api/analysis/conflicts');
  const exportAvailable = catalog.has('get', '/api/layers/{code}/export') && can('data.export') && signedIn;

  const sketchKind = tool === 'distance' ? 'line' : tool === 'area' || tool === 'parcel' ? 'polygon' : null;
  const sketch = useSketch(map, sketchKind, (points) => {
    if (tool === 'parcel') setParcel({ type: 'Polygon', coordinates: [[...points, points[0]!]] });
  });
  const sketchOverlay = useMemo(
    () => (sketchKind && tool !== 'parcel' ? sketchFeatures(sketch, sketchKind) : null),
    [sketch, sketchKind, tool],
  );
  const parcelOverlay = useMemo(() => {
    if (parcel) return asCollection([{ type: 'Feature', properties: {}, geometry: parcel }]);
    if (tool === 'parcel') return sketchFeatures(sketch, 'polygon');
    return null;
  }, [parcel, tool, sketch]);

  useOverlay(map, 'measure', sketchOverlay, 'measure');
  useOverlay(map, 'parcel', parcelOverlay, 'parcel');
  useOverlay(
    map,
    'conflict',
    useMemo(
      () =>
        conflict
          ? asCollection(
              conflict.hits.map((h) => ({ type: 'Feature', properties: { class: h.class }, geometry: h.evidence })),
            )
          : null,
      [conflict],
    ),
    'conflict',
  );
  useOverlay(
    map,
    'highlight',
    useMemo(() => {
      if (picked) return asCollection([picked]);
      const first = identify?.layers.find((l) => l.features.length > 0)?.features[0];
      return first ? asCollection([first]) : null;
    }, [identify, picked]),
    'highlight',
  );
  useOverlay(
    map,
    'zone',
    useMemo(
      () => (found?.geometry ? asCollection([{ type: 'Feature', properties: {}, geometry: found.geometry }]) : null),
      [found],
    ),
    'zone',
  );

  const onClick = useCallback(
    async (event: MapMouseEvent, m: MlMap) => {
      if (tool !== 'identify') return;
      // Top layer first, so the first answer is what the reader sees on top.
      const codes = (layers ?? [])
        .filter((l) => visible.has(l.code))
        .sort((a, b) => drawOrder(b.category) - drawOrder(a.category))
        .map((l) => l.code)
        .slice(0, 20);
      if (codes.length === 0) return;
      setPanelOpen(true);
      setIdentifying(true);
      setIdentifyError(null);
      setPicked(null);
      try {
        const result = await api.get<IdentifyResult>('/api/identify', {
          lon: event.lngLat.lng.toFixed(7),
          lat: event.lngLat.lat.toFixed(7),
          layers: codes.join(','),
          tolerance: `${toleranceMetres(m.getZoom(), event.lngLat.lat, 4).toFixed(1)}m`,
        });
        setIdentify(result);
      } catch (e) {
        setIdentify(null);
        setIdentifyError(e as ApiError);
      } finally {
        setIdentifying(false);
      }
    },
    [tool, visible, layers],
  );

  const chooseTool = (next: Tool) => {
    setTool(next);
    setPanelOpen(next !== 'identify' || identify !== null);
    if (next !== 'parcel') {
      setParcel(null);
      setConflict(null);
    }
  };

  const onFound = (zone: Zone) => {
    setFound(zone);
    const b = zone.geometry ? geometryBounds(zone.geometry) : null;
    if (b && map) map.fitBounds(b, { padding: 40, duration: 600 });
  };

  const exportImage = async () => {
    if (!map) return;
    const names = joinList(
      shown.map((l) => pick(l.title, l.titleEn)),
      locale,
    );
    await exportMapImage(map, {
      title: `${t('app.name')} · ${t('nav.map')}`,
      footer: `${names} · CGCS2000 · ${formatTime(new Date().toISOString(), locale)}`,
      fileName: `lantu-map-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.png`,
    });
    message.success(t('map.export.imageDone'));
  };

  const exportData = async (code: string) => {
    if (!map) return;
    const b = map.getBounds();
    try {
      const { fileName } = await download(`/api/layers/${encodeURIComponent(code)}/export`, {
        format: 'gpkg',
        bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(6)).join(','),
      });
      message.success(t('map.export.dataDone', { file: fileName }));
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.text) : String(e));
    }
  };

  if (loadError) return <ErrorAlert error={loadError} />;
  if (!layers || !bounds) {
    return (
      <div className="page-loading">
        <Spin size="large" />
      </div>
    );
  }

  const toolOptions = [
    { value: 'identify', label: t('map.tool.identify'), icon: <AimOutlined /> },
    { value: 'distance', label: t('map.tool.distance'), icon: <LineOutlined /> },
    { value: 'area', label: t('map.tool.area'), icon: <BorderOutlined /> },
    ...(signedIn && can('analysis.run')
      ? [{ value: 'parcel', label: t('map.tool.parcel'), icon: <ExperimentOutlined /> }]
      : []),
  ];

  const panelTitle =
    tool === 'identify'
      ? t('map.identify.title')
      : tool === 'parcel'
        ? t('map.conflict.title')
        : tool === 'distance'
          ? t('map.tool.distance')
          : t('map.tool.area');

  return (
    <div className={`one-map ${publicMode ? 'one-map-public' : ''}`}>
      <aside className="map-side" aria-label={t('map.sideLabel')}>
        <Tabs
          size="small"
          items={[
            {
              key: 'layers',
              label: t('map.tab.layers'),
              children: <LayerPanel layers={layers} versions={versions} visible={visible} onChange={setVisible} />,
            },
            { key: 'legend', label: t('map.tab.legend'), children: <LegendPanel layers={shown} /> },
          ]}
        />
      </aside>
      <section className="map-main">
        {comparing ? (
          <CompareView layers={layers} versions={versions} bounds={bounds} onClose={() => setComparing(false)} />
        ) : (
          <>
            <div className="map-toolbar" role="toolbar" aria-label={t('map.toolbar')}>
              {signedIn && can('zone.read') && <SearchBox onFound={onFound} />}
              <Segmented
                value={tool}
                onChange={(v) => chooseTool(v as Tool)}
                options={toolOptions}
                aria-label={t('map.tools')}
              />
              <span className="toolbar-spacer" />
              {scenes.length >= 2 && (
                <Button icon={<ColumnWidthOutlined />} onClick={() => setComparing(true)}>
                  {t('map.compare.open')}
                </Button>
              )}
              <Dropdown
                menu={{
                  items: [
                    {
                      key: 'image',
                      label: t('map.export.image'),
                      icon: <CameraOutlined />,
                      title: t('map.export.imageHint'),
                    },
                    ...(exportAvailable
                      ? [
                          { type: 'divider' as const },
                          {
                            key: 'data',
                            type: 'group' as const,
                            label: t('map.export.data'),
                            children: shown
                              .filter((l) => l.category !== 'zone')
                              .map((l) => ({
                                key: `data:${l.code}`,
                                label: pick(l.title, l.titleEn),
                                icon: <DownloadOutlined />,
                              })),
                          },
                        ]
                      : []),
                  ],
                  onClick: ({ key }) => (key === 'image' ? void exportImage() : void exportData(key.slice(5))),
                }}
              >
                <Button icon={<DownloadOutlined />}>{t('map.export.menu')}</Button>
              </Dropdown>
            </div>
            <div className="map-stage">
              <MapView layers={shown} bounds={bounds} onMap={setMap} onClick={onClick} exportable />
              {shown.length === 0 && (
                <div className="map-empty">
                  <EmptyState description={t('map.noLayers')} />
                </div>
              )}
              {panelOpen && (
                <Card
                  className="map-result"
                  size="small"
                  title={panelTitle}
                  extra={
                    <Button
                      type="text"
                      size="small"
                      icon={<CloseOutlined />}
                      aria-label={t('action.close')}
                      onClick={() => {
                        setPanelOpen(false);
                        setIdentify(null);
                        setPicked(null);
                        if (tool !== 'identify') chooseTool('identify');
                      }}
                    />
                  }
                >
                  {tool === 'identify' && (
                    <Spin spinning={identifying}>
                      <ErrorAlert error={identifyError} title={t('map.identify.failed')} />
                      {identify ? (
                        <IdentifyPanel result={identify} onPick={setPicked} titleOf={titleOf} />
                      ) : (
                        !identifyError && <EmptyState description={t('map.identify.hint')} />
                      )}
                    </Spin>
                  )}
                  {(tool === 'distance' || tool === 'area') && <MeasurePanel sketch={sketch} kind={tool} />}
                  {tool === 'parcel' && (
                    <ConflictPanel
                      parcel={parcel}
                      drawing={sketchKind === 'polygon' && !parcel}
                      onDraw={() => {
                        setParcel(null);
                        setConflict(null);
                        sketch.reset();
                      }}
                      onParcel={(g) => {
                        setParcel(g);
                        const b = geometryBounds(g);
                        if (b && map) map.fitBounds(b, { padding: 80, duration: 500 });
                      }}
                      onResult={setConflict}
                      layers={layers}
                      available={analysisAvailable}
                    />
                  )}
                </Card>
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
