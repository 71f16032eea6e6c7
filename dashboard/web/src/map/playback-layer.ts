// 回放 drawn on the map: while replaying, the live lamps are dimmed to one grey (their states still follow the
// live store underneath, untouched) and the replayed picture is drawn over them from sources of its own: lamps
// with an alarm standing, open incidents' pins, responders' dots and trails. The live incident pins, leak rings
// and responder markers are hidden; leaving restores them as they are now.
import type { FeatureCollection, LineString, Point } from 'geojson';
import { severityColours, INCIDENT_LAYER } from './incident-pins';
import type { LampLayer } from './lamp-layer';
import { lampStateColours, type LampState } from './lamp-state';
import type { GeoJSONSource, MapLibreMap } from './maplibre';
import type { PlaybackFrame } from './playback';

const LAMPS = 'playback-lamps', INCIDENTS = 'playback-incidents', RESPONDERS = 'playback-responders', TRAILS = 'playback-trails';
const LIVE_HIDDEN = [INCIDENT_LAYER];

export class PlaybackLayer {
  private playing = false;
  /** What the last frame drew per lamp (the test hook reads it). */
  private drawn = new Map<string, LampState>();

  constructor(
    private readonly map: MapLibreMap,
    private readonly container: HTMLElement,
    private readonly live: LampLayer,
    private readonly lampAt: (id: string) => [number, number] | null,
  ) {}

  get active(): boolean {
    return this.playing;
  }

  start(): void {
    const map = this.map;
    if (this.active) return;
    this.playing = true;
    this.live.dim(true);
    for (const id of LIVE_HIDDEN) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'none');
    this.container.classList.add('playing');
    const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });
    map.addSource(TRAILS, { type: 'geojson', data: empty() });
    map.addSource(LAMPS, { type: 'geojson', data: empty() });
    map.addSource(INCIDENTS, { type: 'geojson', data: empty() });
    map.addSource(RESPONDERS, { type: 'geojson', data: empty() });
    map.addLayer({ id: TRAILS, type: 'line', source: TRAILS, layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#38bdf8', 'line-width': 2.5, 'line-opacity': 0.75, 'line-dasharray': [2, 1.5] } });
    map.addLayer({ id: LAMPS, type: 'circle', source: LAMPS, paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2, 12, 3.5, 15, 6, 18, 10],
      'circle-color': ['match', ['get', 's'], ...Object.entries(lampStateColours).flat(), lampStateColours.faulty] as unknown as string,
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
    map.addLayer({ id: INCIDENTS, type: 'circle', source: INCIDENTS, paint: {
      'circle-radius': ['match', ['get', 'severity'], 'Emergency', 11, 'Major', 9, 7],
      'circle-color': ['match', ['get', 'severity'], ...Object.entries(severityColours).flat(), severityColours.Minor] as unknown as string,
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
    map.addLayer({ id: RESPONDERS, type: 'circle', source: RESPONDERS, paint: {
      'circle-radius': 7, 'circle-color': ['match', ['get', 'status'], 'OnSite', '#22c55e', 'EnRoute', '#a78bfa', '#38bdf8'] as unknown as string,
      'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
  }

  draw(frame: PlaybackFrame): void {
    if (!this.active) return;
    const lamps: FeatureCollection<Point>['features'] = [];
    for (const [id, s] of frame.lamps) {
      const at = this.lampAt(id);
      if (at) lamps.push({ type: 'Feature', properties: { id, s }, geometry: { type: 'Point', coordinates: at } });
    }
    this.drawn = new Map(frame.lamps);
    const incidents: FeatureCollection<Point>['features'] = frame.incidents.filter((i) => i.lat !== null && i.lon !== null)
      .map((i) => ({ type: 'Feature', properties: { id: i.id, severity: i.severity, status: i.status }, geometry: { type: 'Point', coordinates: [i.lon!, i.lat!] } }));
    const responders: FeatureCollection<Point>['features'] = frame.responders
      .map((r) => ({ type: 'Feature', properties: { id: r.id, status: r.status }, geometry: { type: 'Point', coordinates: [r.lon, r.lat] } }));
    const trails: FeatureCollection<LineString>['features'] = frame.responders.filter((r) => r.trail.length >= 2)
      .map((r) => ({ type: 'Feature', properties: { id: r.id }, geometry: { type: 'LineString', coordinates: r.trail } }));
    this.set(LAMPS, lamps);
    this.set(INCIDENTS, incidents);
    this.set(RESPONDERS, responders);
    this.set(TRAILS, trails);
  }

  /** The state the replay draws a lamp in (null: no alarm then, or not replaying). */
  lampState(id: string): LampState | null {
    return this.active ? this.drawn.get(id) ?? null : null;
  }

  stop(): void {
    const map = this.map;
    if (!this.active) return;
    for (const id of [RESPONDERS, INCIDENTS, LAMPS, TRAILS]) {
      map.removeLayer(id);
      map.removeSource(id);
    }
    this.live.dim(false);
    for (const id of LIVE_HIDDEN) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', 'visible');
    this.container.classList.remove('playing');
    this.playing = false;
    this.drawn.clear();
  }

  private set(source: string, features: GeoJSON.Feature[]): void {
    (this.map.getSource(source) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }
}
