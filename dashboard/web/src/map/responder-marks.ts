// Responders on duty as markers over the lamps (HTML, coloured by status: 在途, 在现场, …) that move as
// their positions arrive, each with the line of where they went in the last hour.
import type { FeatureCollection, LineString } from 'geojson';
import { el, setAttr } from '../dom';
import type { LiveStore } from '../store';
import maplibregl, { type GeoJSONSource, type MapLibreMap, type Marker } from './maplibre';
import { ResponderTrails } from './responder-trails';

const TRAIL_SOURCE = 'responder-trails';

export class ResponderMarks {
  private readonly marks = new Map<string, Marker>();
  readonly trails = new ResponderTrails();

  constructor(private readonly map: MapLibreMap, private readonly store: LiveStore, private readonly onHover: (id: string | null, e: MouseEvent) => void) {
    map.addSource(TRAIL_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'responder-trails', type: 'line', source: TRAIL_SOURCE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#38bdf8', 'line-width': 2.5, 'line-opacity': 0.75, 'line-dasharray': [2, 1.5] },
    });
  }

  /** After a snapshot: every trail starts again from where the snapshot puts each responder. */
  reset(): void {
    this.trails.clear();
    this.update();
  }

  update(): void {
    const seen = new Set<string>();
    const features: FeatureCollection<LineString>['features'] = [];
    for (const r of this.store.responders.values()) {
      this.trails.note(r);
      if (r.lat === null || r.lon === null || r.status === 'OffDuty') continue;
      seen.add(r.id);
      let mark = this.marks.get(r.id);
      if (!mark) {
        const node = el('div', { class: 'responder-mark', 'data-responder-id': r.id, 'data-testid': 'responder-mark' });
        node.addEventListener('mouseenter', (e) => this.onHover(r.id, e));
        node.addEventListener('mouseleave', (e) => this.onHover(null, e));
        const created = new maplibregl.Marker({ element: node }).setLngLat([r.lon, r.lat]).addTo(this.map);
        this.marks.set(r.id, created);
        mark = created;
      } else {
        const at = mark.getLngLat();
        if (at.lng !== r.lon || at.lat !== r.lat) mark.setLngLat([r.lon, r.lat]);
      }
      const node = mark.getElement();
      setAttr(node, 'class', `responder-mark r-${r.status}`);
      setAttr(node, 'data-lon', String(r.lon));
      setAttr(node, 'data-lat', String(r.lat));
      const trail = this.trails.of(r.id);
      if (trail.length >= 2) features.push({ type: 'Feature', properties: { id: r.id }, geometry: { type: 'LineString', coordinates: trail } });
    }
    for (const [id, mark] of this.marks) {
      if (!seen.has(id)) {
        mark.remove();
        this.marks.delete(id);
      }
    }
    (this.map.getSource(TRAIL_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }
}
