// The lamps as one WebGL circle layer over one GeoJSON source (the lamp id promoted to the feature id).
// A snapshot sets the data once; a lamp whose state changes only gets a feature-state (no new data sent to
// the worker), within a time budget per update, so a burst of 10,000 changes never blocks the page. A lamp
// that appears, disappears or moves makes the whole data be set again, at most once per update.
// Leaking lamps also get a flashing ring, from a small source of their own.
import type { FeatureCollection, Point } from 'geojson';
import type { LiveStore } from '../store';
import type { Lamp } from '../types';
import type { GeoJSONSource, MapLibreMap } from './maplibre';
import { lampState, lampStateColours, type LampState } from './lamp-state';
import { hasPosition } from './topology';

export const LAMP_SOURCE = 'lamps';
export const LAMP_LAYER = 'lamps';
const LEAK_SOURCE = 'lamp-leaks';

interface Shown {
  state: LampState;
  lat: number;
  lon: number;
}

const colourByState = (value: unknown) =>
  ['match', value, ...Object.entries(lampStateColours).flat(), lampStateColours.off] as unknown as string;

export class LampLayer {
  private readonly shown = new Map<string, Shown>();
  private readonly leaks = new Set<string>();
  private blink = 0;

  constructor(private readonly map: MapLibreMap, private readonly store: LiveStore) {
    map.addSource(LAMP_SOURCE, { type: 'geojson', data: empty(), promoteId: 'id', buffer: 16, maxzoom: 15 });
    map.addSource(LEAK_SOURCE, { type: 'geojson', data: empty(), buffer: 16 });
    // the state a delta set (feature-state) wins over the state the data was made with
    const state = ['coalesce', ['feature-state', 's'], ['get', 's']];
    map.addLayer({
      id: LAMP_LAYER, type: 'circle', source: LAMP_SOURCE,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 12, 2.2, 15, 4, 18, 8],
        'circle-color': colourByState(state),
        'circle-stroke-color': ['match', state, 'offline', '#4a5b72', 'leak', '#ffffff', '#0b1320'] as unknown as string,
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 12, 0, 15, 1],
      },
    });
    map.addLayer({
      id: 'lamp-leaks', type: 'circle', source: LEAK_SOURCE,
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 6, 16, 14], 'circle-color': 'rgba(255, 31, 61, 0.35)',
        'circle-stroke-color': '#ff1f3d', 'circle-stroke-width': 2 },
    });
    // the leak rings flash: one paint property of a small layer, not the lamps' own
    // (not for a viewer who asked for reduced motion: a steady ring, and no repaint twice a second, which costs a
    // software-rendered screen dearly)
    const still = window.matchMedia('(prefers-reduced-motion: reduce)');
    this.blink = window.setInterval(() => {
      if (this.leaks.size === 0 || still.matches) return;
      const on = Math.floor(performance.now() / 450) % 2 === 0;
      map.setPaintProperty('lamp-leaks', 'circle-opacity', on ? 1 : 0.15);
      map.setPaintProperty('lamp-leaks', 'circle-stroke-opacity', on ? 1 : 0.15);
    }, 450);
  }

  /** Sends every lamp of the store with a position (after a snapshot, or when lamps came or went). */
  setAll(): void {
    this.shown.clear();
    this.leaks.clear();
    const features: FeatureCollection<Point>['features'] = [];
    for (const l of this.store.lamps.values()) {
      if (!hasPosition(l)) continue;
      const state = lampState(l);
      this.shown.set(l.id, { state, lat: l.lat, lon: l.lon });
      if (state === 'leak') this.leaks.add(l.id);
      features.push({ type: 'Feature', properties: { id: l.id, s: state, t: l.township }, geometry: { type: 'Point', coordinates: [l.lon, l.lat] } });
    }
    this.map.removeFeatureState({ source: LAMP_SOURCE });
    (this.map.getSource(LAMP_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    this.syncLeaks();
  }

  /**
   * Recolours the given lamps within `budgetMs` and at most `max` of them; returns the ids left for the next
   * update. A lamp that is new, gone or moved sets the data again (once, for all of them).
   */
  update(ids: Set<string>, budgetMs: number, max = Infinity): string[] {
    const start = performance.now();
    const left: string[] = [];
    let n = 0;
    let over = false;
    let reshape = false;
    let leaksChanged = false;
    for (const id of ids) {
      if (over || ++n > max || ((n & 255) === 0 && performance.now() - start > budgetMs)) {
        over = true;
        left.push(id);
        continue;
      }
      const lamp: Lamp | undefined = this.store.lamps.get(id);
      const shown = this.shown.get(id);
      if (!lamp || !hasPosition(lamp) || !shown) {
        if (shown || (lamp && hasPosition(lamp))) reshape = true;
        continue;
      }
      if (lamp.lat !== shown.lat || lamp.lon !== shown.lon) {
        reshape = true;
        continue;
      }
      const state = lampState(lamp);
      if (state === shown.state) continue;
      shown.state = state;
      this.map.setFeatureState({ source: LAMP_SOURCE, id }, { s: state });
      if ((state === 'leak') !== this.leaks.has(id)) {
        if (state === 'leak') this.leaks.add(id);
        else this.leaks.delete(id);
        leaksChanged = true;
      }
    }
    if (reshape) this.setAll();
    else if (leaksChanged) this.syncLeaks();
    return left;
  }

  private syncLeaks(): void {
    const features: FeatureCollection<Point>['features'] = [];
    for (const id of this.leaks) {
      const s = this.shown.get(id);
      if (s) features.push({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [s.lon, s.lat] } });
    }
    (this.map.getSource(LEAK_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }

  /** How many lamps are drawn on the canvas now (the test hook). */
  renderedCount(): number {
    return new Set(this.map.queryRenderedFeatures({ layers: [LAMP_LAYER] }).map((f) => f.id)).size;
  }

  dispose(): void {
    clearInterval(this.blink);
  }
}

function empty(): FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}
