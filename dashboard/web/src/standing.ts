// The 红黑榜's rule, free of the page: who is ranked, who ties (并列), who makes the 红榜 and the 黑榜.
// Only those with something to judge are ranked; equal scores share a place; the 黑榜 takes only those
// strictly worse than everyone else, never a tie.
import { byChineseName } from './collation';

export interface Entry {
  key: string;
  name: string;
  /** Compared in order, higher is better; equal keys tie. */
  score: number[];
  detail: string;
}

export interface Placed extends Entry {
  /** 1-based, shared by a tie (1, 1, 3 …). */
  place: number;
  tied: boolean;
}

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (Math.abs(d) > 1e-9) return d;
  }
  return 0;
};

/** Best first; equal scores share a place and are marked tied (listed by name). */
export function place(entries: readonly Entry[]): Placed[] {
  const sorted = [...entries].sort((a, b) => compare(a.score, b.score) || byChineseName(a.name, b.name));
  return sorted.map((e) => {
    const first = sorted.findIndex((o) => compare(o.score, e.score) === 0);
    const tied = sorted.some((o) => o !== e && compare(o.score, e.score) === 0);
    return { ...e, place: first + 1, tied };
  });
}

/**
 * 红榜: those placed in the top `n` (all of a tie), at most the better half. 黑榜: up to `n` from the
 * bottom, each strictly worse than everyone above it and tied with no one; nobody on both.
 */
export function redBlack(placed: readonly Placed[], n: number): { red: Placed[]; black: Placed[] } {
  const half = Math.ceil(placed.length / 2);
  const red = placed.filter((p) => p.place <= Math.min(n, half));
  const black: Placed[] = [];
  for (let i = placed.length - 1; i >= red.length && black.length < n; i--) {
    const p = placed[i]!;
    if (p.tied) break; // a tie is never black-listed, nor anyone above it
    black.push(p);
  }
  return { red, black };
}
