// Townships without smart lamps (e.g. 彰冠镇) as a labelled grid of village boxes, each with its open
// incident count, coloured by how many, overdue and emergency. They have no geography to put on the map
// (no lamp with a position, no cell boundary), so they are drawn beside it, as before the map had one.
import { setText, svg, toggleClass } from '../dom';
import { cellKey, isOpen, type LiveStore } from '../store';
import type { Cell } from '../types';

/** The boxes' drawing is this many SVG units wide; its height follows the villages. */
export const WIDTH = 1000;

interface VillageBox {
  cell: Cell;
  group: SVGGElement;
  count: SVGTextElement;
}

export class VillageBoxes {
  private readonly boxes: VillageBox[] = [];

  /** `drillable`: township names are links into the township (the county's map). */
  constructor(private readonly store: LiveStore, private readonly drillable: boolean) {}

  /**
   * Draws the townships' boxes into `root` from `top` down, sized so they fill a panel of
   * `panelHeight` SVG units; returns the new bottom.
   */
  build(root: SVGSVGElement, townships: string[], top: number, panelHeight: number): number {
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
        const name = this.store.townshipName(township) + (this.drillable ? ' ›' : '');
        layer.appendChild(svg('text', { x: 10, y: y + 26, 'font-size': 24, class: this.drillable ? 'box-township township-label' : 'box-township',
          'data-township': township, 'data-testid': this.drillable ? 'map-township' : null }, `${name}（无智能路灯，按村显示事件）`));
        y += 40;
      }
      if (villages.length === 0) {
        layer.appendChild(svg('text', { x: 10, y: y + 20, class: 'map-empty', 'font-size': 24 }, '暂无村级网格'));
        y += 40;
        continue;
      }
      // fill the panel: as many columns as make the grid about as tall as the panel allows
      const left = top > 0 ? Math.max(panelHeight - top, panelHeight * 0.35) : panelHeight;
      const target = Math.max(200, left / townships.length - 50);
      const cols = Math.min(villages.length, Math.max(3, Math.round(Math.sqrt((villages.length * 0.62 * WIDTH) / target))));
      const rows = Math.ceil(villages.length / cols);
      const gap = 6;
      const w = (WIDTH - gap * (cols + 1)) / cols;
      const h = Math.max(44, Math.min(w * 0.9, Math.max(w * 0.45, (target - gap * (rows + 1)) / rows)));
      villages.forEach((cell, index) => {
        const x = gap + (index % cols) * (w + gap);
        const by = y + Math.floor(index / cols) * (h + gap);
        const rect = svg('rect', { x: x.toFixed(1), y: by.toFixed(1), width: w.toFixed(1), height: h.toFixed(1), rx: 4 });
        const nameSize = Math.max(11, Math.min(26, h * 0.3, (w / Math.max(cell.name.length, 4)) * 0.95));
        const name = svg('text', { x: (x + w / 2).toFixed(1), y: (by + h * 0.38).toFixed(1), 'text-anchor': 'middle', class: 'box-name', 'font-size': nameSize.toFixed(1) }, cell.name);
        const count = svg('text', { x: (x + w / 2).toFixed(1), y: (by + h * 0.82).toFixed(1), 'text-anchor': 'middle', class: 'box-count', 'font-size': Math.min(30, h * 0.34).toFixed(1) }, '0');
        const group = svg('g', { class: 'village-box', 'data-village-key': cell.key }, svg('title', {}, cell.name), rect, name, count);
        layer.appendChild(group);
        this.boxes.push({ cell, group, count });
      });
      y += rows * (h + gap) + gap;
    }
    root.appendChild(layer);
    return y;
  }

  get empty(): boolean {
    return this.boxes.length === 0;
  }

  /** Open incidents per village box. */
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
}

/**
 * SVG text scales with the drawing: raise every label to at least the page's smallest type (1rem,
 * 18 px on a 1920×1080 wall) as drawn in `container`, so the boxes read from as far as the rest.
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
