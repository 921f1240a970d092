/**
 * GCJ-02 (the "Mars" offset of Chinese web maps: AutoNavi/Amap, Tencent, Google China) ⇄ WGS 84.
 * The forward formula is the public one (eviltransform, coordtransform): an offset of a few hundred
 * metres from polynomial-and-sine terms, scaled on the Krasovsky ellipsoid (a = 6378245 m,
 * e² = 0.00669342162296594323); outside China's rough box there is no offset. The inverse has no closed
 * form, so it iterates w ← w − (gcj(w) − g) until the step is below 1e-10° (about 10 µm), which takes
 * 3–5 rounds; the brief asks for < 1e-6°.
 *
 *   wgs84ToGcj02(116.404, 39.915) // → [116.41024449916938, 39.91640428150164]
 *
 * CGCS2000 and WGS 84 agree to a few centimetres, far below GCJ-02's own uncertainty, so CGCS2000
 * coordinates go through the same formulas (see crs.ts).
 */
const A = 6378245.0;
const EE = 0.006693421622965943;
const PI = Math.PI;

export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return r;
}

/** WGS 84 longitude/latitude (degrees) to GCJ-02. */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  const radLat = (lat / 180) * PI;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  const dLon = (offsetLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 longitude/latitude to WGS 84, by fixed-point iteration to 1e-10°. */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let wLon = lon;
  let wLat = lat;
  for (let i = 0; i < 30; i++) {
    const [gLon, gLat] = wgs84ToGcj02(wLon, wLat);
    const dLon = gLon - lon;
    const dLat = gLat - lat;
    wLon -= dLon;
    wLat -= dLat;
    if (Math.abs(dLon) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return [wLon, wLat];
}
