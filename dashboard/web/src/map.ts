// The schematic map (no internet tiles): lamps as dots projected from lat/lon and coloured by state,
// village names at their lamps' centre, responders as small diamonds. Townships without lamps (e.g.
// 彰冠镇) are drawn as a grid of village boxes with their open incident counts. On the county's screen
// each township is labelled and a click anywhere on it opens that township. The pieces live in map/:
// lamp-state, projection, lamp-dots, village-boxes, labels, responder-marks, tooltip.
import { el, svg } from './dom';
import type { LiveStore } from './store';
import { LampDots } from './map/lamp-dots';
import { lampStateLabels, type LampState } from './map/lamp-state';
import { keepTextReadable, townshipLabels, villageLabels } from './map/labels';
import { Projection, WIDTH } from './map/projection';
import { ResponderMarks } from './map/responder-marks';
import { MapTooltip } from './map/tooltip';
import { VillageBoxes } from './map/village-boxes';

export { lampState, lampStateLabels, type LampState } from './map/lamp-state';

export class MapView {
  private readonly tooltip: MapTooltip;
  private projection: Projection | null = null;
  private dots: LampDots | null = null;
  private responders: ResponderMarks | null = null;
  private boxes: VillageBoxes | null = null;
  private marker: SVGCircleElement | null = null;
  private radius = 4;

  /**
   * `onTownship`: on the county's screen, a click anywhere on a township's part of the map opens that
   * township (drill-in); township screens pass nothing.
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly legendSlot: HTMLElement,
    private readonly store: LiveStore,
    private readonly onTownship: ((township: string) => void) | null = null,
  ) {
    this.tooltip = new MapTooltip(container, store);
    // the panel settles after the first paint (and a wall may be resized): keep the labels readable
    new ResizeObserver(() => {
      const root = this.container.querySelector<SVGSVGElement>('svg.map-svg');
      if (root) keepTextReadable(root, this.container, root.viewBox.baseVal.height);
    }).observe(container);
    if (onTownship) container.addEventListener('click', (e) => {
      const township = this.townshipAt(e.target as Element | null);
      if (township) onTownship(township);
    });
  }

  /** Builds the whole SVG from the store (after a snapshot); the lamp dots follow in `continueBuild`. */
  rebuild(): void {
    const store = this.store;
    this.projection = null;
    this.dots = null;
    this.responders = null;
    this.marker = null;
    this.boxes = new VillageBoxes(store, !!this.onTownship);

    const lamps = [...store.lamps.values()].filter((l) => Number.isFinite(l.lat) && Number.isFinite(l.lon));
    const lampTownships = new Set(lamps.map((l) => l.township));
    const boxTownships = store.townshipIds().filter((t) => !lampTownships.has(t));

    const root = svg('svg', { class: 'map-svg', preserveAspectRatio: 'xMidYMid meet', role: 'img', 'aria-label': '辖区示意图' });
    let height = 0;
    const alertLayer = svg('g');
    if (lamps.length > 0) {
      const projection = Projection.fit(lamps);
      this.projection = projection;
      height = projection.height;
      this.radius = Math.max(1.6, Math.min(7, (WIDTH / Math.sqrt(lamps.length)) / 5));
      const lampLayer = svg('g', { class: 'lamps' });
      this.dots = new LampDots(store, projection, lampLayer, alertLayer, this.radius, lamps);
      this.responders = new ResponderMarks(store, projection, svg('g', { class: 'responders-layer' }), Math.max(5, this.radius * 2.6));
      // the county's map names townships (a click opens one); a township's names its villages
      const labels = this.onTownship ? townshipLabels(store, lamps, projection) : villageLabels(store, lamps, projection);
      root.append(lampLayer, this.responders.layer, labels);
      this.responders.update();
    }
    if (boxTownships.length > 0) height = this.boxes.build(root, boxTownships, height, this.panelHeight());
    if (height === 0) {
      root.appendChild(svg('text', { x: WIDTH / 2, y: 150, class: 'map-empty', 'text-anchor': 'middle', 'font-size': 24 }, '暂无网格数据'));
      height = 300;
    }
    const viewBox = `0 0 ${WIDTH} ${Math.ceil(height)}`;
    root.setAttribute('viewBox', viewBox);
    this.container.replaceChildren(root);
    keepTextReadable(root, this.container, height);
    if (lamps.length > 0) {
      // overlays with the same viewBox: flashing leak rings, and the ring that marks a picked lamp
      this.marker = svg('circle', { class: 'map-marker', r: (this.radius * 4).toFixed(1), cx: -100, cy: -100 });
      this.container.append(
        svg('svg', { class: 'map-overlay map-alerts', viewBox, preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true' }, alertLayer),
        svg('svg', { class: 'map-overlay', viewBox, preserveAspectRatio: 'xMidYMid meet', 'aria-hidden': 'true' }, this.marker));
      this.legendSlot.replaceChildren(this.legend());
    } else {
      this.legendSlot.replaceChildren();
    }
    this.container.appendChild(this.tooltip.node);
    this.updateIncidentCounts();
  }

  /** The panel's height in SVG units (the drawing is WIDTH units wide). */
  private panelHeight(): number {
    const r = this.container.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? (WIDTH * r.height) / r.width : WIDTH * 0.7;
  }

  /** The township of what was clicked: a lamp, a village label or box, or a township label. */
  private townshipAt(target: Element | null): string | null {
    const lampId = target?.getAttribute?.('data-lamp-id');
    if (lampId) return this.store.lamps.get(lampId)?.township ?? null;
    const tagged = target?.closest?.('[data-township]')?.getAttribute('data-township');
    if (tagged) return tagged;
    const key = target?.closest?.('[data-village-key]')?.getAttribute('data-village-key');
    return key ? key.slice(0, key.indexOf('/')) : null;
  }

  private legend(): HTMLElement {
    const states: LampState[] = ['lit', 'off', 'faulty', 'offline', 'leak'];
    return el('div', { class: 'map-legend' },
      ...states.map((s) => el('span', { class: `legend-item s-${s}` }, el('i'), lampStateLabels[s])),
      el('span', { class: 'legend-item responder' }, el('i'), '处置人员'));
  }

  /** True while the snapshot's dots are still being made. */
  get building(): boolean {
    return this.dots?.building ?? false;
  }

  /** Makes more of the snapshot's dots within `budgetMs`; true when all are made. */
  continueBuild(budgetMs: number): boolean {
    return this.dots?.continueBuild(budgetMs) ?? true;
  }

  /** Restyles the given lamps' dots within a budget; returns the ids left for the next update. */
  updateLamps(ids: Set<string>, budgetMs: number, maxDots = Infinity): string[] {
    return this.dots?.update(ids, budgetMs, maxDots) ?? [];
  }

  updateResponders(): void {
    this.responders?.update();
  }

  /** Open incidents per village box (townships without lamps). */
  updateIncidentCounts(): void {
    this.boxes?.updateIncidentCounts();
  }

  /** Rings a lamp (or a responder) on the map, e.g. when its alarm row is clicked. */
  highlight(lat: number | null, lon: number | null): void {
    if (!this.marker || !this.projection || lat === null || lon === null) return;
    const [x, y] = this.projection.project(lat, lon);
    this.marker.setAttribute('cx', x.toFixed(1));
    this.marker.setAttribute('cy', y.toFixed(1));
    this.marker.classList.remove('pulse');
    void this.marker.getBoundingClientRect();
    this.marker.classList.add('pulse');
  }
}
