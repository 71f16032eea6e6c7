// Where each responder has been in the last hour: their position when the screen loaded, then every new
// position the hub sends (responderChanged). Kept in the page; older points fall off.
import type { Responder } from '../types';
import type { LonLat } from './hull';

export const TRAIL_MS = 60 * 60 * 1000;
/** A responder's trail keeps at most this many points (one a 5 s at most: an hour is 720). */
const MAX_POINTS = 1_000;

export class ResponderTrails {
  private readonly trails = new Map<string, { at: number; p: LonLat }[]>();

  /** Notes a responder's position now; true when it moved (a new point). */
  note(r: Responder, now = Date.now()): boolean {
    if (r.lat === null || r.lon === null || !Number.isFinite(r.lat) || !Number.isFinite(r.lon)) return false;
    let trail = this.trails.get(r.id);
    if (!trail) this.trails.set(r.id, (trail = []));
    const last = trail[trail.length - 1];
    if (last && last.p[0] === r.lon && last.p[1] === r.lat) return false;
    trail.push({ at: now, p: [r.lon, r.lat] });
    this.prune(trail, now);
    return true;
  }

  private prune(trail: { at: number }[], now: number): void {
    let drop = 0;
    while (drop < trail.length - 1 && (now - trail[drop]!.at > TRAIL_MS || trail.length - drop > MAX_POINTS)) drop++;
    if (drop > 0) trail.splice(0, drop);
  }

  /** The last hour's points of a responder, oldest first. */
  of(id: string, now = Date.now()): LonLat[] {
    const trail = this.trails.get(id);
    if (!trail) return [];
    this.prune(trail, now);
    return trail.map((t) => t.p);
  }

  forget(id: string): void {
    this.trails.delete(id);
  }

  clear(): void {
    this.trails.clear();
  }
}
