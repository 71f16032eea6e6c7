// Responders on duty as small diamonds over the lamps, coloured by status (在途, 在现场, …).
import { setAttr, svg } from '../dom';
import type { LiveStore } from '../store';
import { WIDTH, type Projection } from './projection';

export class ResponderMarks {
  private readonly marks = new Map<string, SVGRectElement>();

  constructor(
    private readonly store: LiveStore,
    private readonly projection: Projection,
    readonly layer: SVGGElement,
    private readonly size: number,
  ) {}

  update(): void {
    const seen = new Set<string>();
    const height = this.projection.height;
    for (const r of this.store.responders.values()) {
      if (r.lat === null || r.lon === null || r.status === 'OffDuty') continue;
      const [x, y] = this.projection.project(r.lat, r.lon);
      if (x < -50 || x > WIDTH + 50 || y < -50 || y > height + 50) continue;
      seen.add(r.id);
      let node = this.marks.get(r.id);
      if (!node) {
        node = svg('rect', { width: this.size.toFixed(1), height: this.size.toFixed(1), 'data-responder-id': r.id });
        this.layer.appendChild(node);
        this.marks.set(r.id, node);
      }
      setAttr(node, 'x', (x - this.size / 2).toFixed(1));
      setAttr(node, 'y', (y - this.size / 2).toFixed(1));
      setAttr(node, 'transform', `rotate(45 ${x.toFixed(1)} ${y.toFixed(1)})`);
      setAttr(node, 'class', `r-${r.status}`);
    }
    for (const [id, node] of this.marks) {
      if (!seen.has(id)) {
        node.remove();
        this.marks.delete(id);
      }
    }
  }
}
