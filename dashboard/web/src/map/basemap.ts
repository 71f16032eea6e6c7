// The basemap under the topology, as the operator set it (GET /api/map/basemap): none (the topology alone),
// an XYZ/WMTS URL template (e.g. 天地图 with the operator's key), or a local MBTiles or PMTiles file that the
// silo serves (a county LAN without the internet still has roads). Same-origin tile requests carry the
// page's bearer token (the tile endpoints are authenticated); other hosts get no token.
import { FetchSource, PMTiles, Protocol } from 'pmtiles';
import { getToken } from '../token';
import maplibregl, { type LayerSpecification, type RequestParameters, type SourceSpecification } from './maplibre';

export type BasemapSpec =
  | { kind: 'none' }
  | { kind: 'xyz' | 'mbtiles'; tiles: string[]; tileSize?: number; minzoom?: number; maxzoom?: number; bounds?: number[]; attribution?: string; format?: string }
  | { kind: 'pmtiles'; url: string; tileSize?: number; minzoom?: number; maxzoom?: number; bounds?: number[]; attribution?: string; format?: string };

export interface Basemap {
  source: SourceSpecification;
  layer: LayerSpecification;
  attribution: string | null;
}

export const BASEMAP_SOURCE = 'basemap';

const sameOrigin = (url: string): boolean => {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
};

const absolute = (url: string): string => new URL(url, location.href).href;

/** MapLibre's transformRequest: the bearer token on requests to this origin only. */
export function withToken(url: string): RequestParameters {
  const token = getToken();
  return token && sameOrigin(url) ? { url, headers: { Authorization: `Bearer ${token}` } } : { url };
}

let protocol: Protocol | null = null;

/** The pmtiles:// protocol, registered once; each archive read with the token when it is ours. */
function pmtilesUrl(url: string): string {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  const href = absolute(url);
  if (!protocol.get(href)) {
    const token = getToken();
    const headers = new Headers();
    if (token && sameOrigin(href)) headers.set('Authorization', `Bearer ${token}`);
    protocol.add(new PMTiles(new FetchSource(href, headers)));
  }
  return `pmtiles://${href}`;
}

const zoom = (v: unknown, fallback: number): number => (typeof v === 'number' && v >= 0 && v <= 24 ? v : fallback);
const bounds = (b: unknown): [number, number, number, number] | undefined =>
  Array.isArray(b) && b.length === 4 && b.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (b as [number, number, number, number]) : undefined;

/**
 * The raster source and layer for the operator's basemap; null for "none" or for an answer this page cannot
 * use (it is logged: the map goes on with the topology alone).
 */
export function basemapLayers(spec: unknown): Basemap | null {
  const s = spec as Partial<BasemapSpec> & Record<string, unknown> | null;
  if (!s || typeof s !== 'object' || s.kind === 'none') return null;
  const tileSize = s.tileSize === 512 ? 512 : 256;
  const attribution = typeof s.attribution === 'string' && s.attribution ? s.attribution : null;
  const common = { tileSize, minzoom: zoom(s.minzoom, 0), maxzoom: zoom(s.maxzoom, 18), ...(attribution ? { attribution } : {}) };
  let source: SourceSpecification;
  if ((s.kind === 'xyz' || s.kind === 'mbtiles') && Array.isArray(s.tiles) && s.tiles.length > 0 && s.tiles.every((t) => typeof t === 'string')) {
    const b = bounds(s.bounds);
    source = { type: 'raster', tiles: (s.tiles as string[]).map(absolute), ...common, ...(b ? { bounds: b } : {}) };
  } else if (s.kind === 'pmtiles' && typeof s.url === 'string' && s.url) {
    source = { type: 'raster', url: pmtilesUrl(s.url), ...common };
  } else {
    console.warn('basemap: an answer the map cannot use, drawing the topology alone', spec);
    return null;
  }
  return { source, layer: { id: 'basemap', type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.85 } }, attribution };
}

/** The operator's basemap: a 404, an error or "none" all mean the topology alone. */
export async function loadBasemap(): Promise<Basemap | null> {
  try {
    const token = getToken();
    const response = await fetch('/api/map/basemap', { headers: token ? { Authorization: `Bearer ${token}`, Accept: 'application/json' } : {}, cache: 'no-store' });
    if (!response.ok) return null;
    return basemapLayers(await response.json());
  } catch (e) {
    console.warn('basemap: not available, drawing the topology alone', e);
    return null;
  }
}
