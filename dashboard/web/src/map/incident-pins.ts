// Open incidents as pins, coloured by severity (急事 red, 大事 orange, 小事 yellow, 微事 blue), at the
// incident's position, else at its first lamp's.
import type { FeatureCollection, Point } from 'geojson';
import { isOpen, type LiveStore } from '../store';
import type { IncidentSeverity } from '../types';
import type { GeoJSONSource, MapLibreMap } from './maplibre';

export const INCIDENT_LAYER = 'incident-pins';

export const severityColours: Record<IncidentSeverity, string> = {
  Emergency: '#ff1f3d',
  Major: '#ff8a3d',
  Minor: '#ffd23f',
  Micro: '#38bdf8',
};

export class IncidentPins {
  constructor(private readonly map: MapLibreMap, private readonly store: LiveStore) {
    map.addSource(INCIDENT_LAYER, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
    map.addLayer({
      id: INCIDENT_LAYER, type: 'circle', source: INCIDENT_LAYER,
      paint: {
        'circle-radius': ['match', ['get', 'severity'], 'Emergency', 11, 'Major', 9, 7],
        'circle-color': ['match', ['get', 'severity'], ...Object.entries(severityColours).flat(), severityColours.Minor] as unknown as string,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
  }

  update(): void {
    const features: FeatureCollection<Point>['features'] = [];
    for (const i of this.store.incidents.values()) {
      if (!isOpen(i)) continue;
      let lat = i.lat, lon = i.lon;
      if (lat === null || lon === null) {
        const lamp = i.lamps?.length ? this.store.lamps.get(i.lamps[0]!) : undefined;
        if (!lamp) continue;
        lat = lamp.lat;
        lon = lamp.lon;
      }
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      features.push({ type: 'Feature', properties: { id: i.id, severity: i.severity, township: i.township }, geometry: { type: 'Point', coordinates: [lon, lat] } });
    }
    (this.map.getSource(INCIDENT_LAYER) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }
}
