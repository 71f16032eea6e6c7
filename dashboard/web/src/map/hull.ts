// The convex hull of points (Andrew's monotone chain): a cell's outline when the topology gives it no boundary.

export type LonLat = [number, number];

const cross = (o: LonLat, a: LonLat, b: LonLat): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** The hull's corners counter-clockwise, closed (the first point repeated last); null for fewer than 3 distinct points in a line. */
export function convexHull(points: readonly LonLat[]): LonLat[] | null {
  if (points.length < 3) return null;
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const lower: LonLat[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: LonLat[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  if (hull.length < 3) return null;
  hull.push(hull[0]!);
  return hull;
}

/**
 * A hull that never vanishes: one or two lamps (or lamps in a line) get a small box around them, `pad`
 * degrees wide, so a cell with few lamps is still drawn and can be pointed at.
 */
export function outline(points: readonly LonLat[], pad = 0.0004): LonLat[] | null {
  if (points.length === 0) return null;
  const hull = convexHull(points);
  if (hull) return hull;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [lon, lat] of points) {
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  return [[w - pad, s - pad], [e + pad, s - pad], [e + pad, n + pad], [w - pad, n + pad], [w - pad, s - pad]];
}
