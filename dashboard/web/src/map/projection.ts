// Lat/lon to the map's SVG units: an equirectangular projection around the lamps' mean latitude,
// WIDTH units wide, the short side padded so the drawing is never a thin strip.
import type { Lamp } from '../types';

/** The SVG drawing is this many units wide; its height follows the lamps' extent. */
export const WIDTH = 1000;

export class Projection {
  private constructor(
    private readonly cosLat: number,
    private readonly minX: number,
    private readonly maxY: number,
    private readonly scale: number,
    private readonly pad: number,
    /** The drawing's height in SVG units. */
    readonly height: number,
  ) {}

  /** Fits the lamps (at least one) into WIDTH units. */
  static fit(lamps: readonly Lamp[]): Projection {
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
    return new Projection(cosLat, minX, maxY, scale, pad, dy * scale + 2 * pad);
  }

  project(lat: number, lon: number): [number, number] {
    return [this.pad + (lon * this.cosLat - this.minX) * this.scale, this.pad + (this.maxY - lat) * this.scale];
  }
}
