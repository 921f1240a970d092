/** What GDAL says about a source before any feature is read: its layers, their fields, CRS, extent, count. */

/** OGR field types (OGRFieldType names; a subtype in parentheses, e.g. `Integer(Boolean)`). */
export type OgrFieldType =
  | 'Integer'
  | 'Integer64'
  | 'Real'
  | 'String'
  | 'Date'
  | 'Time'
  | 'DateTime'
  | 'Binary'
  | 'IntegerList'
  | 'Integer64List'
  | 'RealList'
  | 'StringList';

export interface SourceField {
  name: string;
  type: OgrFieldType;
  /** `Boolean`, `Int16`, `Float32`, `JSON`, `UUID` … or null. */
  subType: string | null;
}

export interface SourceLayer {
  name: string;
  /** As GDAL names it: `Polygon`, `Multi Polygon`, `Unknown (any)`, `None` … */
  geometryType: string;
  /** Null when the driver cannot tell without reading everything. */
  featureCount: number | null;
  /** [minX, minY, maxX, maxY] in the layer's own coordinates (x = easting or longitude). */
  extent: [number, number, number, number] | null;
  /** The layer's CRS as WKT, or null when the source declares none (a shapefile without .prj). */
  srsWkt: string | null;
  fields: SourceField[];
}

export interface SourceInfo {
  /** GDAL driver short name: `ESRI Shapefile`, `GPKG`, `OpenFileGDB`, `GeoJSON`, `CSV` … */
  driver: string;
  layers: SourceLayer[];
}
