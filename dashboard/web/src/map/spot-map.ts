// The phone pages' small map (js/spot-map.js, its own bundle with MapLibre): 吹哨 picks the spot where it
// happened, 我的工单 shows where to go and where the responder is. The pages load it only when asked
// (map/spot-map-loader.ts), so whistle.js and orders.js stay small on one bar of signal; the service worker
// keeps it with the shell once installed. The operator's basemap when one is set, else a plain background:
// a tap still gives a place. Loading this file sets window.gdSpotMapLibrary.
import { BASEMAP_SOURCE, loadBasemap, withToken } from './basemap';
import maplibregl, { type MapLibreMap, type Marker } from './maplibre';

export interface Spot {
  lat: number;
  lon: number;
}

/** What a mark stands for: the spot picked (吹哨), the place to go, the responder's own position. */
export type SpotKind = 'pick' | 'target' | 'me';

export interface SpotMapOptions {
  centre: Spot;
  zoom?: number;
  /** A tap on the map: the spot picked (marked as `pick`). Without it the map only shows. */
  onPick?: (spot: Spot) => void;
}

export interface SpotMap {
  /** Puts a mark of that kind at the spot, or takes it away (null). */
  mark(kind: SpotKind, spot: Spot | null): void;
  /** Frames the marks there are (one: centred on it; several: all in view). */
  frame(): void;
  /** Centres the map on a place (another township's centre). */
  moveTo(spot: Spot): void;
  remove(): void;
}

export interface SpotMapLibrary {
  create(container: HTMLElement, options: SpotMapOptions): SpotMap;
}

const labels: Record<SpotKind, string> = { pick: '选定位置', target: '目的地', me: '我的位置' };

/** The last map created, for the browser tests (window.gdSpotMap). */
let current: { map: MapLibreMap; marks: Map<SpotKind, Spot> } | null = null;

function create(container: HTMLElement, options: SpotMapOptions): SpotMap {
  const map = new maplibregl.Map({
    container, attributionControl: false, transformRequest: withToken, center: [options.centre.lon, options.centre.lat], zoom: options.zoom ?? 14,
    dragRotate: false, pitchWithRotate: false, fadeDuration: 0,
    style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dfe7ef' } }] },
  });
  map.touchZoomRotate.disableRotation();
  map.on('error', (e) => console.warn('spot map', e.error));
  map.on('load', () => void loadBasemap().then((b) => {
    if (!b || map.getSource(BASEMAP_SOURCE)) return;
    map.addSource(BASEMAP_SOURCE, b.source);
    map.addLayer(b.layer);
  }));
  const spots = new Map<SpotKind, Spot>();
  const markers = new Map<SpotKind, Marker>();
  const mark = (kind: SpotKind, spot: Spot | null): void => {
    if (!spot) {
      markers.get(kind)?.remove();
      markers.delete(kind);
      spots.delete(kind);
      return;
    }
    spots.set(kind, spot);
    let marker = markers.get(kind);
    if (!marker) {
      const element = document.createElement('div');
      element.className = `spot-mark spot-${kind}`;
      element.title = labels[kind];
      element.dataset.testid = `spot-mark-${kind}`;
      marker = new maplibregl.Marker({ element });
      markers.set(kind, marker);
    }
    marker.setLngLat([spot.lon, spot.lat]).addTo(map);
  };
  if (options.onPick) {
    const onPick = options.onPick;
    map.on('click', (e) => {
      const spot = { lat: e.lngLat.lat, lon: e.lngLat.lng };
      mark('pick', spot);
      onPick(spot);
    });
  }
  current = { map, marks: spots };
  return {
    mark,
    frame: () => {
      const all = [...spots.values()];
      if (all.length === 1) map.jumpTo({ center: [all[0]!.lon, all[0]!.lat], zoom: Math.max(map.getZoom(), 15) });
      else if (all.length > 1) {
        const lons = all.map((s) => s.lon);
        const lats = all.map((s) => s.lat);
        map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 40, maxZoom: 16, duration: 0 });
      }
    },
    moveTo: (spot) => map.jumpTo({ center: [spot.lon, spot.lat] }),
    remove: () => {
      if (current?.map === map) current = null;
      map.remove();
    },
  };
}

const library: SpotMapLibrary = { create };
const w = window as unknown as { gdSpotMapLibrary: SpotMapLibrary; gdSpotMap: unknown };
w.gdSpotMapLibrary = library;
w.gdSpotMap = {
  /** The marks on the last map, by kind ({lat, lon}). */
  marks: (): Record<string, Spot> => Object.fromEntries(current?.marks ?? []),
  /** Where a place is on the page (CSS pixels), for a test's tap; null without a map. */
  project: (lon: number, lat: number): { x: number; y: number } | null => {
    if (!current) return null;
    const p = current.map.project([lon, lat]);
    const box = current.map.getContainer().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  },
  get loaded(): boolean { return current?.map.loaded() ?? false; },
};
