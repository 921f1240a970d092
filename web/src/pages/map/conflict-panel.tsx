/**
 * Conflict check of a parcel or a line against the control lines and planned land use in force
 * (POST /api/analysis/conflicts): draw it on the map or upload a GeoJSON file; the overlaps come back
 * with their ellipsoidal areas and are drawn in red.
 */
import { CheckCircleOutlined, EditOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, Typography, Upload } from 'antd';
import type { Geometry, MultiLineString, MultiPolygon } from 'geojson';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { ConflictResult, LayerView } from '../../api/types.js';
import { formatArea, formatLength, formatPercent, joinList } from '../../components/format.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

/** The geometry in a GeoJSON file: polygons merged into one MultiPolygon, lines into a MultiLineString. */
export function geometryFromGeoJson(text: string): { geometry: Geometry } | { problem: MessageKey } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { problem: 'map.conflict.notJson' };
  }
  const geometries: Geometry[] = [];
  const collect = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; features?: unknown[]; geometry?: unknown; geometries?: unknown[] };
    if (n.type === 'FeatureCollection') n.features?.forEach(collect);
    else if (n.type === 'Feature') collect(n.geometry);
    else if (n.type === 'GeometryCollection') n.geometries?.forEach(collect);
    else if (typeof n.type === 'string' && 'coordinates' in n) geometries.push(n as Geometry);
  };
  collect(doc);
  const polygons = geometries.filter((g) => g.type === 'Polygon' || g.type === 'MultiPolygon');
  const lines = geometries.filter((g) => g.type === 'LineString' || g.type === 'MultiLineString');
  if (polygons.length > 0) {
    const coordinates = polygons.flatMap((g) =>
      g.type === 'Polygon' ? [g.coordinates] : (g as MultiPolygon).coordinates,
    );
    return {
      geometry:
        coordinates.length === 1
          ? { type: 'Polygon', coordinates: coordinates[0]! }
          : { type: 'MultiPolygon', coordinates },
    };
  }
  if (lines.length > 0) {
    const coordinates = lines.flatMap((g) =>
      g.type === 'LineString' ? [g.coordinates] : (g as MultiLineString).coordinates,
    );
    return {
      geometry:
        coordinates.length === 1
          ? { type: 'LineString', coordinates: coordinates[0]! }
          : { type: 'MultiLineString', coordinates },
    };
  }
  return { problem: 'map.conflict.noGeometry' };
}

export function ConflictPanel({
  parcel,
  drawing,
  onDraw,
  onParcel,
  onResult,
  layers,
  available,
}: {
  parcel: Geometry | null;
  drawing: boolean;
  onDraw(): void;
  onParcel(geometry: Geometry): void;
  onResult(result: ConflictResult | null): void;
  layers: LayerView[];
  available: boolean;
}) {
  const { t, pick, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ConflictResult | null>(null);
  const title = (code: string) => {
    const l = layers.find((x) => x.code === code);
    return l ? pick(l.title, l.titleEn) : code;
  };
  const measure = (r: { areaM2?: number; lengthM?: number }) =>
    r.areaM2 !== undefined ? formatArea(r.areaM2, locale) : formatLength(r.lengthM, locale);

  if (!available) {
    return <Alert type="info" showIcon title={t('empty.apiMissing', { feature: t('map.conflict.title') })} />;
  }

  const run = async (geometry: Geometry) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await api.post<ConflictResult>('/api/analysis/conflicts', { geometry });
      setResult(r);
      onResult(r);
    } catch (e) {
      setResult(null);
      onResult(null);
      setProblem(e instanceof ApiError ? pick(e.text) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="conflict-panel">
      <Typography.Paragraph type="secondary">{t('map.conflict.intro')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<EditOutlined />} type={drawing ? 'primary' : 'default'} onClick={onDraw}>
          {t('map.conflict.draw')}
        </Button>
        <Upload
          accept=".geojson,.json,application/geo+json,application/json"
          showUploadList={false}
          beforeUpload={async (file) => {
            const parsed = geometryFromGeoJson(await file.text());
            if ('problem' in parsed) {
              setProblem(t(parsed.problem));
            } else {
              setProblem(null);
              onParcel(parsed.geometry);
              void run(parsed.geometry);
            }
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('map.conflict.upload')}</Button>
        </Upload>
        <Button type="primary" disabled={!parcel} loading={busy} onClick={() => parcel && void run(parcel)}>
          {t('map.conflict.run')}
        </Button>
      </Space>
      {problem && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          title={t('map.conflict.failed')}
          description={problem}
        />
      )}
      {drawing && !parcel && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('map.conflict.drawHint')}
        </Typography.Paragraph>
      )}
      {result && (
        <div style={{ marginTop: 12 }} data-testid="conflict-result">
          {result.conflict ? (
            <Alert
              type="error"
              showIcon
              icon={<WarningOutlined />}
              title={t('map.conflict.found', { count: result.hits.length })}
              description={t('map.conflict.inputSize', { size: measure(result.input) })}
            />
          ) : (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              title={t('map.conflict.clear')}
              description={t('map.conflict.inputSize', { size: measure(result.input) })}
            />
          )}
          {result.summary.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 12 }}
              rowKey={(r) => `${r.layer}|${r.class}`}
              pagination={false}
              dataSource={result.summary}
              columns={[
                { title: t('map.conflict.layer'), dataIndex: 'layer', render: (code: string) => title(code) },
                {
                  title: t('map.conflict.class'),
                  dataIndex: 'class',
                  render: (c: string | null, r) => {
                    // Planned land use is summarised by code: name it from its hits (ydyh_name).
                    const name = result.hits.find((h) => h.layer === r.layer && h.class === c)?.subclass;
                    const label = name && c && /^\d+$/.test(c) ? `${c} ${name}` : c;
                    return <Tag color="red">{label ?? '—'}</Tag>;
                  },
                },
                { title: t('map.conflict.overlap'), key: 'm', render: (_: unknown, r) => measure(r) },
                { title: t('map.conflict.share'), dataIndex: 'share', render: (s: number) => formatPercent(s, locale) },
              ]}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('map.conflict.checked', {
              layers: joinList(
                result.checked.map((c) => title(c.code)),
                locale,
              ),
            })}
          </Typography.Paragraph>
        </div>
      )}
    </div>
  );
}
