// 应亮灯: whether a scope's lamps are due to be lit now, from the dusk and dawn the server sends per
// township (its location's sunset and sunrise). 亮灯率 is measured only against lamps that are due.
import { parseTime } from './clock';
import type { Figures, TownshipRef } from './types';

/** Night at any of the townships; a township without known nights counts as always due (as before dusk and dawn were known). */
export function lampsDue(townships: readonly TownshipRef[], now: number): boolean {
  if (townships.length === 0) return true;
  return townships.some((t) => {
    const nights = t.nights ?? [];
    if (nights.length === 0) return true;
    return nights.some((n) => {
      const dusk = parseTime(n.dusk), dawn = parseTime(n.dawn);
      return dusk !== null && dawn !== null && now >= dusk && now < dawn;
    });
  });
}

export interface LitFigure {
  due: boolean;
  /** 应亮灯: lamps due now that report (an offline lamp cannot say whether it is lit). */
  lampsDue: number;
  lampsLit: number;
  /** By day: reporting lamps that are off, as planned. */
  offAsPlanned: number;
  /** lit / due, 0..1; null by day or when nothing is due. */
  rate: number | null;
}

/** The same rule as the server's summary (GET /api/townships/{id}/summary, `lighting`). */
export function litFigure(f: Pick<Figures, 'lampsTotal' | 'lampsLit' | 'lampsOffline'>, due: boolean): LitFigure {
  const reporting = Math.max(0, f.lampsTotal - f.lampsOffline);
  if (!due) return { due, lampsDue: 0, lampsLit: f.lampsLit, offAsPlanned: Math.max(0, reporting - f.lampsLit), rate: null };
  return { due, lampsDue: reporting, lampsLit: f.lampsLit, offAsPlanned: 0, rate: reporting > 0 ? f.lampsLit / reporting : null };
}
