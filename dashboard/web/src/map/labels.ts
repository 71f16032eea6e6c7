// Names on the map as HTML (no glyphs fetched for the canvas: the page's own Chinese fonts draw them): each
// village at the centre of its lamps, on the county's map each township too, a way into it.
import { el } from '../dom';
import maplibregl, { type MapLibreMap, type Marker } from './maplibre';
import type { Label } from './topology';

export class MapLabels {
  private markers: Marker[] = [];

  constructor(private readonly map: MapLibreMap) {}

  /** `drillable`: township names are links into the township (the county's map). */
  show(villages: readonly Label[], townships: readonly Label[], drillable: boolean): void {
    this.clear();
    if (drillable) {
      for (const t of townships) {
        const node = el('button', { type: 'button', class: 'map-label township-label', 'data-township': t.township, 'data-testid': 'map-township' }, `${t.name} ›`);
        this.markers.push(new maplibregl.Marker({ element: node }).setLngLat(t.at).addTo(this.map));
      }
      return;
    }
    for (const v of villages) {
      const node = el('span', { class: 'map-label village-label', 'data-village-key': v.key }, v.name);
      this.markers.push(new maplibregl.Marker({ element: node }).setLngLat(v.at).addTo(this.map));
    }
  }

  clear(): void {
    for (const m of this.markers) m.remove();
    this.markers = [];
  }
}
