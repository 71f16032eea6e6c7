// Which lamp is nearest a point, for a click or the pointer on the map: the lamps' Web Mercator positions
// bucketed in a coarse grid once (the map is never rotated or tilted, so a distance on the screen is a distance in
// Mercator times the world's size in pixels). A query looks at the few cells around the point only.

/** Grid cells per side of the Mercator world: 2^16, about 500 m on the ground at this latitude. */
const CELLS = 65536;

export class LampIndex {
  private readonly cells = new Map<number, number[]>();

  /** `xy`: the lamps' Mercator x, y pairs (0..1), by slot. */
  constructor(private readonly xy: Float64Array, count: number) {
    for (let i = 0; i < count; i++) {
      const key = cellOf(xy[2 * i]!, xy[2 * i + 1]!);
      const cell = this.cells.get(key);
      if (cell) cell.push(i);
      else this.cells.set(key, [i]);
    }
  }

  /** The slot of the lamp nearest (x, y) within `radius` (all in Mercator units), or -1. */
  nearest(x: number, y: number, radius: number): number {
    const x0 = Math.floor((x - radius) * CELLS), x1 = Math.floor((x + radius) * CELLS);
    const y0 = Math.floor((y - radius) * CELLS), y1 = Math.floor((y + radius) * CELLS);
    let best = -1;
    let bestD = radius * radius;
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        for (const i of this.cells.get(cx * CELLS + cy) ?? []) {
          const dx = this.xy[2 * i]! - x, dy = this.xy[2 * i + 1]! - y;
          const d = dx * dx + dy * dy;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

function cellOf(x: number, y: number): number {
  return Math.floor(x * CELLS) * CELLS + Math.floor(y * CELLS);
}
