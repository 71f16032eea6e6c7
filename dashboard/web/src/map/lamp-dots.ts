// The lamp dots: made in chunks of SVG markup across frames (so 10,000 lamps never block the page),
// then restyled one by one as deltas arrive, within a time budget. Flashing LEAKAGE rings live in a
// separate overlay whose opacity is animated, so the big SVG is not repainted to make them flash.
import { setAttr, svg } from '../dom';
import type { LiveStore } from '../store';
import type { Lamp } from '../types';
import { lampState, type LampState } from './lamp-state';
import type { Projection } from './projection';

interface Dot {
  node: SVGCircleElement;
  state: LampState;
  lat: number;
  lon: number;
}

export class LampDots {
  private readonly dots = new Map<string, Dot>();
  private readonly leakRings = new Map<string, SVGCircleElement>();
  /** Lamps of the snapshot whose dots are still to be made, in order; see `continueBuild`. */
  private readonly buildQueue: string[];
  private buildIndex = 0;
  private readonly unbuilt = new Set<string>();

  constructor(
    private readonly store: LiveStore,
    private readonly projection: Projection,
    private readonly layer: SVGGElement,
    private readonly alertLayer: SVGGElement,
    readonly radius: number,
    lamps: readonly Lamp[],
  ) {
    this.buildQueue = lamps.map((l) => l.id);
    for (const id of this.buildQueue) this.unbuilt.add(id);
  }

  /** True while the snapshot's dots are still being made. */
  get building(): boolean {
    return this.buildIndex < this.buildQueue.length;
  }

  /**
   * Makes the snapshot's dots, 1,000 at a time as SVG markup (far cheaper than one element at a time),
   * until `budgetMs` is spent; returns true when all are made.
   */
  continueBuild(budgetMs: number): boolean {
    if (!this.building) return true;
    const start = performance.now();
    const r = this.radius.toFixed(2);
    while (this.building) {
      const chunk: Lamp[] = [];
      let html = '';
      const end = Math.min(this.buildQueue.length, this.buildIndex + 1000);
      for (; this.buildIndex < end; this.buildIndex++) {
        const id = this.buildQueue[this.buildIndex]!;
        const lamp = this.unbuilt.delete(id) ? this.store.lamps.get(id) : undefined;
        if (!lamp) continue;
        const [x, y] = this.projection.project(lamp.lat, lamp.lon);
        html += `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" class="s-${lampState(lamp)}" data-lamp-id="${escapeAttr(lamp.id)}"/>`;
        chunk.push(lamp);
      }
      const first = this.layer.childElementCount;
      this.layer.insertAdjacentHTML('beforeend', html);
      const nodes = this.layer.children;
      chunk.forEach((lamp, i) => this.adopt(nodes[first + i] as SVGCircleElement, lamp));
      if (performance.now() - start > budgetMs) break;
    }
    return !this.building;
  }

  private adopt(node: SVGCircleElement, l: Lamp): void {
    const state = lampState(l);
    this.dots.set(l.id, { node, state, lat: l.lat, lon: l.lon });
    this.syncLeak(l, state);
  }

  private makeDot(l: Lamp): SVGCircleElement {
    const [x, y] = this.projection.project(l.lat, l.lon);
    const node = svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: this.radius.toFixed(2), class: `s-${lampState(l)}`, 'data-lamp-id': l.id });
    this.adopt(node, l);
    return node;
  }

  /** A flashing ring in the overlay for a leaking lamp; none otherwise. */
  private syncLeak(l: Lamp, state: LampState): void {
    const ring = this.leakRings.get(l.id);
    if (state === 'leak') {
      const [x, y] = this.projection.project(l.lat, l.lon);
      if (ring) {
        setAttr(ring, 'cx', x.toFixed(1));
        setAttr(ring, 'cy', y.toFixed(1));
      } else {
        const created = svg('circle', { class: 'leak-ring', cx: x.toFixed(1), cy: y.toFixed(1), r: (this.radius * 2.4).toFixed(1), 'data-leak-lamp-id': l.id });
        this.alertLayer.appendChild(created);
        this.leakRings.set(l.id, created);
      }
    } else if (ring) {
      ring.remove();
      this.leakRings.delete(l.id);
    }
  }

  /**
   * Updates the dots of the given lamps, within a time budget; returns the ids it had no time for
   * (the caller keeps them for its next update), so a burst of 10,000 changes never blocks the page.
   */
  update(ids: Set<string>, budgetMs: number, maxDots = Infinity): string[] {
    const start = performance.now();
    const left: string[] = [];
    let n = 0;
    let over = false;
    for (const id of ids) {
      // the script's time is measured; the style recalculation after it is not, so the count is capped too
      if (over || ++n > maxDots || ((n & 255) === 0 && performance.now() - start > budgetMs)) {
        over = true;
        left.push(id);
        continue;
      }
      const lamp = this.store.lamps.get(id);
      const dot = this.dots.get(id);
      if (!lamp) {
        if (dot) {
          dot.node.remove();
          this.dots.delete(id);
          this.leakRings.get(id)?.remove();
          this.leakRings.delete(id);
        }
        continue;
      }
      if (!dot) {
        // a dot still queued is made later from the lamp's latest state
        if (!this.unbuilt.has(id)) this.layer.appendChild(this.makeDot(lamp));
        continue;
      }
      const state = lampState(lamp);
      if (state !== dot.state) {
        dot.node.setAttribute('class', `s-${state}`);
        dot.state = state;
      }
      if (lamp.lat !== dot.lat || lamp.lon !== dot.lon) {
        const [x, y] = this.projection.project(lamp.lat, lamp.lon);
        dot.node.setAttribute('cx', x.toFixed(1));
        dot.node.setAttribute('cy', y.toFixed(1));
        dot.lat = lamp.lat;
        dot.lon = lamp.lon;
      }
      if (state === 'leak' || this.leakRings.has(id)) this.syncLeak(lamp, state);
    }
    return left;
  }
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
