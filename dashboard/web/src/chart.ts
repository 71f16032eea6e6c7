// The last hour as a line chart (uPlot): GET /api/townships/{id}/history?metric=…&minutes=60 for each
// township in scope (the server's history store: it survives restarts), refreshed every 30 s. The metric is picked with the tabs above the chart. The x axis
// always spans the whole hour (so a first point does not stretch into a range of seconds, all labelled
// "00:00"), ticks fall on whole minutes in Asia/Shanghai, and the y axis starts at 0.
import uPlot from 'uplot';
import { api, errorMessage } from './api';
import { formatHourMinute, serverNow } from './clock';
import { el, setText } from './dom';
import { historyMetricLabels } from './labels';
import type { HistoryMetric, TownshipRef } from './types';

export const HISTORY_MINUTES = 60;
export const HISTORY_REFRESH_MS = 30000;

const palette = ['#ffb020', '#38bdf8', '#a78bfa', '#34d399', '#f472b6', '#f87171', '#facc15', '#60a5fa'];

const units: Record<HistoryMetric, string> = { lit: '盏', faulty: '盏', offline: '盏', incidents: '件' };

/** Joins per-township [ms, value] series on their time stamps (seconds for uPlot). */
export function alignSeries(series: [number, number][][]): uPlot.AlignedData {
  const times = new Set<number>();
  for (const points of series) for (const [t] of points) times.add(Math.round(t / 1000));
  const xs = [...times].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((points) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [t, v] of points) column[index.get(Math.round(t / 1000))!] = Number.isFinite(v) ? v : null;
    return column;
  });
  return [xs, ...ys];
}

/** The last HISTORY_MINUTES up to now, in seconds. */
export function hourWindow(nowMs: number): [number, number] {
  const now = Math.ceil(nowMs / 1000);
  return [now - HISTORY_MINUTES * 60, now];
}

/** Tick positions on whole 5, 10, 15 or 30 minutes of the Shanghai clock, at most `max` of them. */
export function minuteTicks(nowMs: number, max: number): number[] {
  const [from, to] = hourWindow(nowMs);
  const step = [5, 10, 15, 30, 60].find((m) => HISTORY_MINUTES / m <= Math.max(1, max)) ?? 60;
  const first = Math.ceil(from / (step * 60)) * step * 60; // Shanghai is a whole number of hours from UTC
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step * 60) ticks.push(t);
  return ticks;
}

/** 0 up to a little above the highest value; at least 5 so a flat zero line sits at the bottom. */
export function niceTop(max: number | null): number {
  return !max || max <= 0 ? 5 : Math.ceil(max * 1.15);
}

/** The screens' axis style; canvas text does not follow CSS, so it is sized from the root font (18 px at 1920×1080). */
export function chartAxis(): { rem: number; axis: uPlot.Axis } {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return {
    rem,
    axis: {
      stroke: '#c4d2e3',
      grid: { stroke: 'rgba(159,179,200,0.12)', width: 1 },
      ticks: { stroke: 'rgba(159,179,200,0.25)', width: 1 },
      font: `${Math.round(rem)}px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`,
    },
  };
}

export class HistoryChart {
  private metric: HistoryMetric = 'lit';
  private townships: TownshipRef[] = [];
  private plot: uPlot | null = null;
  private plotKey = '';
  private timer: number | undefined;
  private inFlight = 0;
  private readonly canvas: HTMLElement;
  private readonly note: HTMLElement;

  constructor(container: HTMLElement, tabs: HTMLElement) {
    this.canvas = el('div', { class: 'chart-canvas', 'data-testid': 'history-chart-canvas' });
    this.note = el('div', { class: 'chart-note', hidden: true });
    container.replaceChildren(this.canvas, this.note);
    tabs.replaceChildren();
    for (const metric of Object.keys(historyMetricLabels) as HistoryMetric[]) {
      const button = el('button', { type: 'button', class: 'tab', 'data-metric': metric, 'aria-pressed': String(metric === this.metric) }, historyMetricLabels[metric]);
      button.addEventListener('click', () => {
        this.metric = metric;
        for (const b of tabs.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
        void this.refresh();
      });
      tabs.appendChild(button);
    }
    new ResizeObserver(() => this.resize()).observe(this.canvas);
  }

  setTownships(townships: TownshipRef[]): void {
    const changed = JSON.stringify(townships) !== JSON.stringify(this.townships);
    this.townships = townships;
    if (changed) void this.refresh();
    if (this.timer === undefined) this.timer = window.setInterval(() => void this.refresh(), HISTORY_REFRESH_MS);
  }

  private size(): { width: number; height: number } {
    const r = this.canvas.getBoundingClientRect();
    return { width: Math.max(200, Math.floor(r.width)), height: Math.max(80, Math.floor(r.height) - 30) };
  }

  private resize(): void {
    if (this.plot) this.plot.setSize(this.size());
  }

  async refresh(): Promise<void> {
    if (this.townships.length === 0) return;
    const call = ++this.inFlight;
    const metric = this.metric;
    const townships = this.townships;
    try {
      const answers = await Promise.all(townships.map((t) => api.history(t.id, metric, HISTORY_MINUTES).catch(() => null)));
      if (call !== this.inFlight) return;
      if (answers.every((a) => a === null)) {
        this.showNote('历史数据暂不可用');
        return;
      }
      const data = alignSeries(answers.map((a) => a?.points ?? []));
      // What is drawn, for a test to compare across a restart: the first minute and how many.
      const xs = data[0] as number[];
      this.canvas.dataset.first = String(xs[0] ?? '');
      this.canvas.dataset.points = String(xs.length);
      if ((data[0] as number[]).length === 0) {
        // The history is kept from the upgrade on (no backfill): say so rather than suggest the hour was empty.
        const since = Math.max(...answers.map((a) => a?.since ?? 0));
        this.showNote(since > hourWindow(serverNow())[0] * 1000 ? `历史数据自 ${formatHourMinute(since)} 起记录` : '近一小时暂无数据');
      } else {
        this.note.hidden = true;
      }
      this.draw(metric, townships, data);
    } catch (e) {
      if (call === this.inFlight) this.showNote(errorMessage(e));
    }
  }

  private showNote(text: string): void {
    setText(this.note, text);
    this.note.hidden = false;
  }

  private draw(metric: HistoryMetric, townships: TownshipRef[], data: uPlot.AlignedData): void {
    const key = `${metric}|${townships.map((t) => t.id).join(',')}`;
    if (this.plot && key === this.plotKey) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.plotKey = key;
    const { rem, axis } = chartAxis();
    const opts: uPlot.Options = {
      ...this.size(),
      cursor: { drag: { x: false, y: false } },
      legend: { show: townships.length > 1 },
      scales: {
        x: { time: true, range: () => hourWindow(serverNow()) },
        y: { range: (_u, _min, max) => [0, niceTop(max)] },
      },
      axes: [
        { ...axis, size: rem * 2, space: rem * 5, splits: () => minuteTicks(serverNow(), this.canvas.clientWidth / (rem * 5)), values: (_u, ticks) => ticks.map((t) => formatHourMinute(t * 1000)) },
        { ...axis, size: rem * 3.6, space: rem * 2.2, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
          label: `${historyMetricLabels[metric]}（${units[metric]}）`, labelSize: rem * 1.4, labelFont: axis.font! },
      ],
      series: [
        { label: '时间', value: (_u, v) => (v == null ? '—' : formatHourMinute(v * 1000)) },
        ...townships.map((t, i) => ({
          label: t.name,
          stroke: palette[i % palette.length]!,
          width: 2,
          fill: townships.length === 1 ? 'rgba(255,176,32,0.12)' : undefined,
          points: { show: false },
          spanGaps: true,
        })),
      ],
    };
    this.plot = new uPlot(opts, data, this.canvas);
  }
}
