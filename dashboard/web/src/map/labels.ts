// Names on the map: each village at the centre of its lamps, on the county's map each township too
// (a way into it), and every label kept at least as large as the page's smallest type as drawn.
import { svg } from '../dom';
import { cellKey, type LiveStore } from '../store';
import type { Lamp } from '../types';
import { WIDTH, type Projection } from './projection';

type Centres = Map<string, { x: number; y: number; n: number }>;

function centres(lamps: readonly Lamp[], projection: Projection, keyOf: (l: Lamp) => string | null): Centres {
  const out: Centres = new Map();
  for (const l of lamps) {
    const key = keyOf(l);
    if (!key) continue;
    const [x, y] = projection.project(l.lat, l.lon);
    const c = out.get(key) ?? { x: 0, y: 0, n: 0 };
    c.x += x;
    c.y += y;
    c.n++;
    out.set(key, c);
  }
  return out;
}

export function villageLabels(store: LiveStore, lamps: readonly Lamp[], projection: Projection): SVGGElement {
  const byVillage = centres(lamps, projection, (l) => (l.village ? cellKey(l.township, l.village) : store.villageKeyOf(cellKey(l.township, l.cell))));
  const group = svg('g', { class: 'village-labels' });
  const fontSize = Math.max(12, Math.min(22, WIDTH / Math.sqrt(Math.max(byVillage.size, 1)) / 9));
  for (const [key, c] of byVillage) {
    const name = store.cells.get(key)?.name ?? key.slice(key.indexOf('/') + 1);
    group.appendChild(svg('text', { x: (c.x / c.n).toFixed(1), y: (c.y / c.n).toFixed(1), 'font-size': fontSize.toFixed(1), 'text-anchor': 'middle', 'data-village-key': key }, name));
  }
  return group;
}

/** On the county's map, each township's name at the centre of its lamps: a click opens it. */
export function townshipLabels(store: LiveStore, lamps: readonly Lamp[], projection: Projection): SVGGElement {
  const group = svg('g', { class: 'township-labels' });
  for (const [township, c] of centres(lamps, projection, (l) => l.township)) {
    group.appendChild(svg('text', { x: (c.x / c.n).toFixed(1), y: (c.y / c.n).toFixed(1), 'font-size': 44, 'text-anchor': 'middle',
      class: 'township-label', 'data-township': township, 'data-testid': 'map-township' }, `${store.townshipName(township)} ›`));
  }
  return group;
}

/**
 * SVG text scales with the drawing: raise every label to at least the page's smallest type (1rem,
 * 18 px on a 1920×1080 wall) as drawn in `container`, so the map reads from as far as the rest.
 */
export function keepTextReadable(root: SVGSVGElement, container: HTMLElement, height: number): void {
  const box = container.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return;
  const scale = Math.min(box.width / WIDTH, box.height / Math.max(height, 1));
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const least = (rem + 0.5) / scale;
  for (const text of root.querySelectorAll('text')) {
    const size = parseFloat(text.getAttribute('font-size') ?? '') || 0;
    if (size < least) text.setAttribute('font-size', least.toFixed(1));
  }
}
