// The 照明 page's energy chart: for each Beijing day of a month, what the lamps used against the full-power baseline of
// their scheduled hours (a report's lamps.byDay, docs/REPORTS.md), as two lines (uPlot, the screens' axes from chart.ts).
import uPlot from 'uplot';
import { chartAxis, niceTop } from './chart';

/** A report's energy row: a village (key township/village) or a day (key 2026-11-02). */
export interface EnergyRow { key: string; name: string; energyKwh: number; baselineKwh: number; savingKwh: number; savingRate: number | null }

export class EnergyChart {
  private plot: uPlot | null = null;

  constructor(private readonly canvas: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(canvas);
  }

  private size(): { width: number; height: number } {
    const r = this.canvas.getBoundingClientRect();
    return { width: Math.max(200, Math.floor(r.width)), height: Math.max(80, Math.floor(r.height) - 30) };
  }

  /** Draws the days (x: the day of the month); what is drawn is on the canvas's data attributes, for a test. */
  show(days: EnergyRow[]): void {
    const data: uPlot.AlignedData = [days.map((d) => Number(d.key.slice(8, 10))), days.map((d) => d.energyKwh), days.map((d) => d.baselineKwh)];
    this.canvas.dataset.days = String(days.length);
    this.canvas.dataset.usedKwh = String(days.reduce((sum, d) => sum + d.energyKwh, 0));
    this.plot?.destroy();
    const { rem, axis } = chartAxis();
    this.plot = new uPlot({
      ...this.size(),
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [1, 31] }, y: { range: (_u, _min, max) => [0, niceTop(max)] } },
      axes: [
        { ...axis, size: rem * 2, space: rem * 3, values: (_u, ticks) => ticks.map((t) => `${t}日`) },
        { ...axis, size: rem * 3.6, space: rem * 2.2, label: '电量（kWh）', labelSize: rem * 1.4, labelFont: axis.font! },
      ],
      series: [
        { label: '日期', value: (_u, v) => (v == null ? '—' : `${v}日`) },
        { label: '用电', stroke: '#ffb020', width: 2, fill: 'rgba(255,176,32,0.12)', points: { show: true } },
        { label: '全功率基线', stroke: '#38bdf8', width: 2, dash: [6, 4], points: { show: true } },
      ],
    }, data, this.canvas);
  }
}
