/**
 * The JSON documents of OGC API – Features (OGC 17-069r4, Part 2 18-058r1) other than features: the
 * landing page, the conformance declaration and collection descriptions. Every link is absolute, as
 * GDAL and QGIS follow them as given.
 */
import type { Layer } from '../onemap/onemap-tables.js';
import type { BBox } from '../store/store.js';
import { CRS84, EPSG_4490, SUPPORTED_CRS, yearInterval } from './ogc-params.js';

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';
export const OPENAPI_30 = 'application/vnd.oai.openapi+json;version=3.0';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export function landingPage(base: string) {
  return {
    title: 'Lantu 蓝图 — OGC API – Features',
    description:
      '国土空间规划“一张图”图层服务：公开图层无需登录，内部图层需登录并按区划授权。Layers of the territorial spatial planning one-map: public layers for anyone, internal layers for signed-in users within their region.',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/api/openapi.json`, rel: 'service-desc', type: OPENAPI_30, title: 'The API definition' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
    ] satisfies Link[],
  };
}

export const conformance = () => ({ conformsTo: CONFORMANCE });

export const collectionUrl = (base: string, code: string) => `${base}/ogc/collections/${encodeURIComponent(code)}`;

/** One collection per layer: id = layer code; extent from the features; time from the status year. */
export function collectionDocument(base: string, layer: Layer, extent: BBox | null) {
  const url = collectionUrl(base, layer.code);
  const temporal =
    layer.status_year === null
      ? {}
      : {
          temporal: {
            interval: [
              [yearInterval(layer.status_year).start, yearInterval(layer.status_year).end].map((t) =>
                new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
              ),
            ],
            trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
          },
        };
  return {
    id: layer.code,
    title: layer.title,
    description: layer.title_en ?? layer.title,
    itemType: 'feature',
    extent: {
      spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: CRS84 },
      ...temporal,
    },
    crs: [...SUPPORTED_CRS],
    storageCrs: EPSG_4490,
    links: [
      { href: url, rel: 'self', type: JSON_TYPE, title: layer.title },
      { href: `${url}/items`, rel: 'items', type: GEOJSON, title: `${layer.title} (GeoJSON)` },
    ] satisfies Link[],
  };
}
