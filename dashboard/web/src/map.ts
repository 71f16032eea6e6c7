// The schematic map (no internet tiles): lamps as dots projected from lat/lon and coloured by state,
// village names at their lamps' centroid, responders as small diamonds. Townships without lamps
// (e.g. 彰冠镇) are drawn as a labelled grid of village boxes with their open incident counts.
// The SVG is built once per snapshot (its dots in chunks across frames, so 10,000 lamps never block
// the page); a delta only changes the attributes of the dots it touches. Flashing LEAKAGE rings live in
// a separate overlay SVG whose opacity is animated, so the big SVG is not repainted to make them flash.
import { el, setAttr, setText, svg, toggleClass } from './dom';
import { faultLabel, responderStatusLabel } from './labels';
import { cellKey, isOpen, type LiveStore } from './store';
import type { Cell, Lamp, Responder } from './types';

export type LampState = 'leak' | 'offline' | 'faulty' | 'lit' | 'off';

export const lampStateLabels: Record<LampState, string> = {
  lit: '亮灯',
  off: '关灯',
  faulty: '故障',
  offline: '离线',
  leak: '漏电',
};

export function lampState(l: Lamp): LampState {
  const faults = l.faults ?? [];
  if (faults.includes('LEAKAGE')) return 'leak';
  if (!l.online || faults.includes('COMM_LOSS')) return 'offline';
  if (faults.length > 0) return 'faulty';
  if (l.on && l.brightness !== 0) return 'lit';
  return 'off';
}

const WIDTH = 1000;

interface Projection {
  lat0: number;
  cosLat: number;
  minX: number;
  maxY: number;
  scale: number;
  pad: number;
}

interface Dot {
  node: SVGCircleElement;
  state: LampState;
  lat: number;
  lon: number;
}

interface VillageBox {
  township: string;
  cell: Cell;
  group: SVGGElement;
  rect: SVGRectElement;
  count: SVGTextElement;
}

export class MapView {
  private readonly tooltip: HTMLElement;
  private lampLayer: SVGGElement | null = null;
  private responderLayer: SVGGElement | null = null;
  private alertLayer: SVGGElement | null = null;
  private marker: SVGCircleElement | null = null;
  private readonly dots = new Map<string, Dot>();
  private readonly leakRings = new Map<string, SVGCircleElement>();
  /** Lamps of the snapshot whose dots are still to be made, in order; see `continueBuild`. */
  private buildQueue: string[] = [];
  private buildIndex = 0;
  private readonly unbuilt = new Set<string>();
  private readonly responderDots = new Map<string, SVGRectElement>();
  private boxes: VillageBox[] = [];
  private projection: Projection | null = null;
  private radius = 4;
  private lampHeight = 0;

  constructor(private readonly container: HTMLElement, private readonly legendSlot: HTMLElement, private readonly store: LiveStore) {
    this.tooltip = el('div', { class: 'map-tooltip', hidden: true });
    container.addEventListener('mousemove', (e) => this.onHover(e));
    container.addEventListener('mouseleave', () => {
      this.tooltip.hidden = true;
    });
  }

  private project(lat: number, lon: number): [number, number] {
    const p = this.projection!;
    return [p.pad + (lon * p.cosLat - p.minX) * p.scale, p.pad + (p.maxY - lat) * p.scale];
  }

  /** Builds the whole SVG from the store (after a snapshot). */
  rebuild(): void {
    const store = this.store;
    this.dots.clear();
    this.responderDots.clear();
    this.leakRings.clear();
    this.unbuilt.clear();
    this.buildQueue = [];
    this.buildIndex = 0;
    this.boxes = [];
    this.projection = null;
    this.marker = null;
    this.lampLayer = null;
    this.responderLayer = null;
    this.alertLayer = null;

    const lamps = [...store.lamps.values()].filter((l) => Number.isFinite(l.lat) && Number.isFinite(l.lon));
    const lampTownships = new Set(lamps.map((l) => l.township));
    const boxTownships = store.townshipIds().filter((t) => !lampTownships.has(t));

    const root = svg('svg', { class: 'map-svg', preserveAspectRatio: 'xMidYMid meet', role: 'img', 'aria-label': '辖区示意图' });
    let height = 0;

    if (lamps.length > 0) {
      height = this.buildLampArea(root, lamps);
    }
    this.lampHeight = height;
    if (boxTownships.length > 0) {
      height = this.buildBoxes(root, boxTownships, height);
    }
    if (height === 0) {
      root.appendChild(svg('text', { x: WIDTH / 2, y: 150, class: 'map-empty', 'text-anchor': 'middle' }, '暂无网格数据'));
      height = 300;
    }
    const viewBox = `0 0 ${WIDTH} ${Math.ceil(height)}`;
    root.setAttribute('viewBox', viewBox);
    this.container.replaceChildren(root);
    if (lamps.length > 0) {
      // overlays with the same viewBox: flashing leak rings, and the ring that marks a picked lamp
      this.alertLayer = svg('g');
      this.marker = svg('circle', { class: 'map-marker', r: (this.radius * 4).toFixed(1), cx: -100, cy: -100 });
      this.container.append(
        svg('svg', { class: 'map-overlay map-alerts', viewBox, preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true' }, this.alertLayer),
        svg('svg', { class: 'map-overlay', viewBox, preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true' }, this.marker));
      this.legendSlot.replaceChildren(this.legend());
    } else {
      this.legendSlot.replaceChildren();
    }
    this.container.appendChild(this.tooltip);
    this.updateIncidentCounts();
  }

  private legend(): HTMLElement {
    const states: LampState[] = ['lit', 'off', 'faulty', 'offline', 'leak'];
    return el('div', { class: 'map-legend' },
      ...states.map((s) => el('span', { class: `legend-item s-${s}` }, el('i'), lampStateLabels[s])),
      el('span', { class: 'legend-item responder' }, el('i'), '处置人员'));
  }

  private buildLampArea(root: SVGSVGElement, lamps: Lamp[]): number {
    let latSum = 0;
    for (const l of lamps) latSum += l.lat;
    const lat0 = latSum / lamps.length;
    const cosLat = Math.cos((lat0 * Math.PI) / 180);
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const l of lamps) {
      const x = l.lon * cosLat;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (l.lat < minY) minY = l.lat;
      if (l.lat > maxY) maxY = l.lat;
    }
    let dx = maxX - minX, dy = maxY - minY;
    const span = Math.max(dx, dy, 0.0005);
    // keep the drawing between a wide strip and a tall column: pad the short side
    if (dx < span * 0.5) { minX -= (span * 0.5 - dx) / 2; dx = span * 0.5; }
    if (dy < span * 0.4) { maxY += (span * 0.4 - dy) / 2; dy = span * 0.4; }
    const pad = 30;
    const scale = (WIDTH - 2 * pad) / dx;
    this.projection = { lat0, cosLat, minX, maxY, scale, pad };
    const height = dy * scale + 2 * pad;
    this.radius = Math.max(1.6, Math.min(7, (WIDTH / Math.sqrt(lamps.length)) / 5));

    const layer = svg('g', { class: 'lamps' });
    this.lampLayer = layer;
    this.buildQueue = lamps.map((l) => l.id);
    for (const id of this.buildQueue) this.unbuilt.add(id);

    // village names at the centroid of their lamps
    const centroids = new Map<string, { x: number; y: number; n: number; township: string; village: string }>();
    for (const l of lamps) {
      const villageKey = l.village ? cellKey(l.township, l.village) : this.store.villageKeyOf(cellKey(l.township, l.cell));
      if (!villageKey) continue;
      const [x, y] = this.project(l.lat, l.lon);
      const c = centroids.get(villageKey) ?? { x: 0, y: 0, n: 0, township: l.township, village: villageKey };
      c.x += x;
      c.y += y;
      c.n++;
      centroids.set(villageKey, c);
    }
    const labels = svg('g', { class: 'village-labels' });
    const fontSize = Math.max(12, Math.min(22, WIDTH / Math.sqrt(Math.max(centroids.size, 1)) / 9));
    for (const [key, c] of centroids) {
      const name = this.store.cells.get(key)?.name ?? key.slice(key.indexOf('/') + 1);
      labels.appendChild(svg('text', { x: (c.x / c.n).toFixed(1), y: (c.y / c.n).toFixed(1), 'font-size': fontSize.toFixed(1), 'text-anchor': 'middle', 'data-village-key': key }, name));
    }

    this.responderLayer = svg('g', { class: 'responders-layer' });
    root.append(layer, labels, this.responderLayer);
    this.updateResponders();
    return height;
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
    const layer = this.lampLayer;
    if (!layer || !this.building) return true;
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
        const [x, y] = this.project(lamp.lat, lamp.lon);
        html += `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" class="s-${lampState(lamp)}" data-lamp-id="${escapeAttr(lamp.id)}"/>`;
        chunk.push(lamp);
      }
      const first = layer.childElementCount;
      layer.insertAdjacentHTML('beforeend', html);
      const nodes = layer.children;
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
    const [x, y] = this.project(l.lat, l.lon);
    const node = svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: this.radius.toFixed(2), class: `s-${lampState(l)}`, 'data-lamp-id': l.id });
    this.adopt(node, l);
    return node;
  }

  /** A flashing ring in the overlay for a leaking lamp; none otherwise. */
  private syncLeak(l: Lamp, state: LampState): void {
    const ring = this.leakRings.get(l.id);
    if (state === 'leak' && this.alertLayer) {
      const [x, y] = this.project(l.lat, l.lon);
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

  /** The viewBox height that would fill the panel, shared between the townships drawn as boxes. */
  private targetHeight(top: number, townshipCount: number): number {
    const r = this.container.getBoundingClientRect();
    const panel = r.width > 0 && r.height > 0 ? (WIDTH * r.height) / r.width : WIDTH * 0.7;
    const left = top > 0 ? Math.max(panel - top, panel * 0.35) : panel;
    return Math.max(200, left / townshipCount - 50);
  }

  private buildBoxes(root: SVGSVGElement, townships: string[], top: number): number {
    let y = top + (top > 0 ? 20 : 10);
    const villagesByTownship = new Map<string, Cell[]>();
    for (const c of this.store.cells.values()) {
      if (c.level !== 'Village') continue;
      const township = c.key.slice(0, c.key.indexOf('/'));
      const list = villagesByTownship.get(township) ?? [];
      list.push(c);
      villagesByTownship.set(township, list);
    }
    const layer = svg('g', { class: 'village-boxes' });
    for (const township of townships) {
      const villages = villagesByTownship.get(township) ?? [];
      if (townships.length > 1 || top > 0) {
        layer.appendChild(svg('text', { x: 10, y: y + 22, class: 'box-township' }, `${this.store.townshipName(township)}（无智能路灯，按村显示事件）`));
        y += 34;
      }
      if (villages.length === 0) {
        layer.appendChild(svg('text', { x: 10, y: y + 20, class: 'map-empty' }, '暂无村级网格'));
        y += 40;
        continue;
      }
      // fill the panel: as many columns as make the grid about as tall as the panel allows
      const target = this.targetHeight(top, townships.length);
      const cols = Math.min(villages.length, Math.max(3, Math.round(Math.sqrt((villages.length * 0.62 * WIDTH) / target))));
      const rows = Math.ceil(villages.length / cols);
      const gap = 6;
      const w = (WIDTH - gap * (cols + 1)) / cols;
      const h = Math.max(44, Math.min(w * 0.9, Math.max(w * 0.45, (target - gap * (rows + 1)) / rows)));
      villages.forEach((cell, index) => {
        const col = index % cols;
        const row = Math.floor(index / cols);
        const x = gap + col * (w + gap);
        const by = y + row * (h + gap);
        const rect = svg('rect', { x: x.toFixed(1), y: by.toFixed(1), width: w.toFixed(1), height: h.toFixed(1), rx: 4 });
        const nameSize = Math.max(11, Math.min(26, h * 0.3, (w / Math.max(cell.name.length, 4)) * 0.95));
        const name = svg('text', { x: (x + w / 2).toFixed(1), y: (by + h * 0.38).toFixed(1), 'text-anchor': 'middle', class: 'box-name', 'font-size': nameSize.toFixed(1) }, cell.name);
        const count = svg('text', { x: (x + w / 2).toFixed(1), y: (by + h * 0.82).toFixed(1), 'text-anchor': 'middle', class: 'box-count', 'font-size': Math.min(30, h * 0.34).toFixed(1) }, '0');
        const group = svg('g', { class: 'village-box', 'data-village-key': cell.key }, rect, name, count);
        layer.appendChild(group);
        this.boxes.push({ township, cell, group, rect, count });
      });
      y += Math.ceil(villages.length / cols) * (h + gap) + gap;
    }
    root.appendChild(layer);
    return y;
  }

  /**
   * Updates the dots of the given lamps, within a time budget; returns the ids it had no time for
   * (the caller keeps them for its next update), so a burst of 10,000 changes never blocks the page.
   */
  updateLamps(ids: Set<string>, budgetMs: number, maxDots = Infinity): string[] {
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
        if (!this.unbuilt.has(id) && this.lampLayer && this.projection) this.lampLayer.appendChild(this.makeDot(lamp));
        continue;
      }
      const state = lampState(lamp);
      const moved = lamp.lat !== dot.lat || lamp.lon !== dot.lon;
      if (state !== dot.state) {
        dot.node.setAttribute('class', `s-${state}`);
        dot.state = state;
      }
      if (moved) {
        const [x, y] = this.project(lamp.lat, lamp.lon);
        dot.node.setAttribute('cx', x.toFixed(1));
        dot.node.setAttribute('cy', y.toFixed(1));
        dot.lat = lamp.lat;
        dot.lon = lamp.lon;
      }
      if (state === 'leak' || this.leakRings.has(id)) this.syncLeak(lamp, state);
    }
    return left;
  }

  updateResponders(): void {
    if (!this.responderLayer || !this.projection) return;
    const size = Math.max(5, this.radius * 2.6);
    const seen = new Set<string>();
    for (const r of this.store.responders.values()) {
      if (r.lat === null || r.lon === null || r.status === 'OffDuty') continue;
      const [x, y] = this.project(r.lat, r.lon);
      if (x < -50 || x > WIDTH + 50 || y < -50 || y > this.lampHeight + 50) continue;
      seen.add(r.id);
      let node = this.responderDots.get(r.id);
      if (!node) {
        node = svg('rect', { width: size.toFixed(1), height: size.toFixed(1), 'data-responder-id': r.id });
        this.responderLayer.appendChild(node);
        this.responderDots.set(r.id, node);
      }
      setAttr(node, 'x', (x - size / 2).toFixed(1));
      setAttr(node, 'y', (y - size / 2).toFixed(1));
      setAttr(node, 'transform', `rotate(45 ${x.toFixed(1)} ${y.toFixed(1)})`);
      setAttr(node, 'class', `r-${r.status}`);
    }
    for (const [id, node] of this.responderDots) {
      if (!seen.has(id)) {
        node.remove();
        this.responderDots.delete(id);
      }
    }
  }

  /** Open incidents per village box (townships without lamps). */
  updateIncidentCounts(): void {
    if (this.boxes.length === 0) return;
    const counts = new Map<string, { n: number; emergency: boolean; overdue: boolean }>();
    for (const i of this.store.incidents.values()) {
      if (!isOpen(i)) continue;
      const village = this.store.villageKeyOf(cellKey(i.township, i.cell));
      if (!village) continue;
      const c = counts.get(village) ?? { n: 0, emergency: false, overdue: false };
      c.n++;
      if (i.severity === 'Emergency') c.emergency = true;
      if (i.deadlinesMissed > 0) c.overdue = true;
      counts.set(village, c);
    }
    for (const box of this.boxes) {
      const c = counts.get(box.cell.key);
      const n = c?.n ?? 0;
      setText(box.count, n === 0 ? '无事件' : `${n} 件`);
      toggleClass(box.group, 'has-incidents', n > 0);
      toggleClass(box.group, 'many', n >= 5);
      toggleClass(box.group, 'emergency', !!c?.emergency);
      toggleClass(box.group, 'overdue', !!c?.overdue);
    }
  }

  /** Rings a lamp (or a responder) on the map, e.g. when its alarm row is clicked. */
  highlight(lat: number | null, lon: number | null): void {
    if (!this.marker || !this.projection || lat === null || lon === null) return;
    const [x, y] = this.project(lat, lon);
    this.marker.setAttribute('cx', x.toFixed(1));
    this.marker.setAttribute('cy', y.toFixed(1));
    this.marker.classList.remove('pulse');
    void this.marker.getBoundingClientRect();
    this.marker.classList.add('pulse');
  }

  private onHover(e: MouseEvent): void {
    const target = e.target as Element | null;
    const lampId = target?.getAttribute?.('data-lamp-id');
    const responderId = target?.getAttribute?.('data-responder-id');
    const villageKey = target?.closest?.('[data-village-key]')?.getAttribute('data-village-key');
    let text: string | null = null;
    if (lampId) text = this.describeLamp(lampId);
    else if (responderId) text = this.describeResponder(this.store.responders.get(responderId));
    else if (villageKey) text = this.store.cells.get(villageKey)?.name ?? null;
    if (!text) {
      this.tooltip.hidden = true;
      return;
    }
    setText(this.tooltip, text);
    const box = this.container.getBoundingClientRect();
    this.tooltip.style.left = `${Math.min(e.clientX - box.left + 14, box.width - 220)}px`;
    this.tooltip.style.top = `${e.clientY - box.top + 14}px`;
    this.tooltip.hidden = false;
  }

  private describeLamp(id: string): string | null {
    const l = this.store.lamps.get(id);
    if (!l) return null;
    const village = l.village ? this.store.cellName(l.township, l.village) : '';
    const state = lampStateLabels[lampState(l)];
    const brightness = l.on && l.brightness !== null ? ` 亮度 ${l.brightness}%` : '';
    const faults = l.faults.length ? `\n故障：${l.faults.map(faultLabel).join('、')}` : '';
    return `${l.id} ${village}\n${state}${brightness}${faults}`;
  }

  private describeResponder(r: Responder | undefined): string | null {
    if (!r) return null;
    return `${r.name}（${responderStatusLabel(r.status)}）\n任务 ${r.load}/${r.capacity}`;
  }
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
