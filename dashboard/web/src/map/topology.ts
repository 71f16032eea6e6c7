// The topology's geography as GeoJSON for the map: each grid cell's polygon (its `boundary` when the
// topology gives one, else the outline of its lamps), each township's outline (its lamps and its cells'
// boundaries), the streets (a street's lamps in pole-number order, read from the lamp's name 石门路12号杆)
// and the feeders (a feeder's lamps in id order), and where each village's and township's name goes.
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import { cellKey, type LiveStore } from '../store';
import type { Cell, Lamp } from '../types';
import { convexHull, outline, type LonLat } from './hull';

export interface Label {
  key: string;
  township: string;
  name: string;
  at: LonLat;
}

export interface Geography {
  cells: FeatureCollection<Polygon>;
  townships: FeatureCollection<Polygon>;
  lines: FeatureCollection<LineString>;
  villageLabels: Label[];
  townshipLabels: Label[];
  /** Townships with nothing to draw (no lamp with a position, no cell boundary): shown as village boxes. */
  withoutGeography: string[];
  /** West, south, east, north of everything drawn; null when nothing is. */
  bounds: [number, number, number, number] | null;
}

const STREET_POLE = /^(.+?)(\d+)号杆$/;

/** The street and pole number of a lamp named like 石门路12号杆; null for other names. */
export function streetOf(l: Pick<Lamp, 'name'>): { street: string; pole: number } | null {
  const m = l.name ? STREET_POLE.exec(l.name) : null;
  return m ? { street: m[1]!, pole: Number(m[2]) } : null;
}

export const hasPosition = (l: Lamp): boolean => Number.isFinite(l.lat) && Number.isFinite(l.lon) && !(l.lat === 0 && l.lon === 0);

/** A boundary as the topology may carry it: at least three [lon, lat] pairs; anything else is ignored. */
function boundaryOf(c: Cell): LonLat[] | null {
  const b = c.boundary;
  if (!Array.isArray(b) || b.length < 3) return null;
  const ring: LonLat[] = [];
  for (const p of b) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    ring.push([p[0], p[1]]);
  }
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
  return ring;
}

function centre(points: readonly LonLat[]): LonLat {
  let lon = 0, lat = 0;
  for (const p of points) { lon += p[0]; lat += p[1]; }
  return [lon / points.length, lat / points.length];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function geography(store: LiveStore): Geography {
  const byCell = new Map<string, LonLat[]>();
  const byTownship = new Map<string, LonLat[]>();
  const streets = new Map<string, { pole: number; at: LonLat }[]>();
  const feeders = new Map<string, { id: string; at: LonLat }[]>();
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const extend = ([lon, lat]: LonLat) => {
    if (lon < w) w = lon; if (lon > e) e = lon; if (lat < s) s = lat; if (lat > n) n = lat;
  };
  for (const l of store.lamps.values()) {
    if (!hasPosition(l)) continue;
    const at: LonLat = [l.lon, l.lat];
    extend(at);
    push(byTownship, l.township, at);
    // the lamp's own cell and each above it up to its village: every one is outlined by its lamps
    const own = cellKey(l.township, l.cell);
    const village = l.village ? cellKey(l.township, l.village) : null;
    let cell = store.cells.get(own);
    let villageDone = false;
    if (!cell) push(byCell, own, at);
    for (let depth = 0; cell && cell.level !== 'Township' && cell.level !== 'County' && depth < 6; depth++) {
      push(byCell, cell.key, at);
      if (cell.key === village) villageDone = true;
      cell = cell.parentKey ? store.cells.get(cell.parentKey) : undefined;
    }
    if (village && !villageDone && village !== own) push(byCell, village, at);
    const street = streetOf(l);
    if (street) push(streets, `${l.township}/${street.street}`, { pole: street.pole, at });
    if (l.feeder) push(feeders, `${l.township}/${l.feeder}`, { id: l.id, at });
  }

  const cells: Feature<Polygon>[] = [];
  const villageLabels: Label[] = [];
  const boundaryPoints = new Map<string, LonLat[]>();
  for (const c of store.cells.values()) {
    if (c.level === 'County' || c.level === 'Township') continue;
    const township = c.key.slice(0, c.key.indexOf('/'));
    const given = boundaryOf(c);
    const ring = given ?? outline(byCell.get(c.key) ?? []);
    if (!ring) continue;
    if (given) {
      for (const p of given) { extend(p); push(boundaryPoints, township, p); }
    }
    cells.push({ type: 'Feature', properties: { key: c.key, name: c.name, level: c.level, township, boundary: !!given },
      geometry: { type: 'Polygon', coordinates: [ring] } });
    if (c.level === 'Village') villageLabels.push({ key: c.key, township, name: c.name, at: centre(byCell.get(c.key) ?? ring.slice(0, -1)) });
  }

  const townships: Feature<Polygon>[] = [];
  const townshipLabels: Label[] = [];
  const withoutGeography: string[] = [];
  for (const t of store.townshipIds()) {
    const points = [...(byTownship.get(t) ?? []), ...(boundaryPoints.get(t) ?? [])];
    const ring = convexHull(points) ?? outline(points);
    if (!ring) {
      withoutGeography.push(t);
      continue;
    }
    townships.push({ type: 'Feature', properties: { township: t, name: store.townshipName(t) }, geometry: { type: 'Polygon', coordinates: [ring] } });
    townshipLabels.push({ key: t, township: t, name: store.townshipName(t), at: centre(byTownship.get(t) ?? ring.slice(0, -1)) });
  }

  const lines: Feature<LineString>[] = [];
  for (const [key, poles] of streets) {
    if (poles.length < 2) continue;
    poles.sort((a, b) => a.pole - b.pole);
    lines.push({ type: 'Feature', properties: { kind: 'street', key, name: key.slice(key.indexOf('/') + 1) },
      geometry: { type: 'LineString', coordinates: poles.map((p) => p.at) } });
  }
  for (const [key, lamps] of feeders) {
    if (lamps.length < 2) continue;
    lamps.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    lines.push({ type: 'Feature', properties: { kind: 'feeder', key, name: key.slice(key.indexOf('/') + 1) },
      geometry: { type: 'LineString', coordinates: lamps.map((p) => p.at) } });
  }

  return {
    cells: { type: 'FeatureCollection', features: cells },
    townships: { type: 'FeatureCollection', features: townships },
    lines: { type: 'FeatureCollection', features: lines },
    villageLabels, townshipLabels, withoutGeography,
    bounds: w <= e ? [w, s, e, n] : null,
  };
}
