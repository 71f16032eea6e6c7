// The last hour as a line chart (uPlot): GET /api/townships/{id}/history?metric=…&minutes=60 for each
// township in scope, refreshed every 30 s. The metric is picked with the tabs above the chart.
import uPlot from 'uplot';
import { api, errorMessage } from './api';
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
    this.canvas = el('div', { class: 'chart-canvas' });
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
      if ((data[0] as number[]).length === 0) {
        this.showNote('近一小时暂无数据');
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
    const axis: uPlot.Axis = {
      stroke: '#9fb3c8',
      grid: { stroke: 'rgba(159,179,200,0.12)', width: 1 },
      ticks: { stroke: 'rgba(159,179,200,0.25)', width: 1 },
      font: '12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
    };
    const opts: uPlot.Options = {
      ...this.size(),
      cursor: { drag: { x: false, y: false } },
      legend: { show: townships.length > 1 },
      scales: { x: { time: true } },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map((t) => { const d = new Date(t * 1000); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; }) },
        { ...axis, size: 56, label: `${historyMetricLabels[metric]}（${units[metric]}）`, labelSize: 18, labelFont: axis.font! },
      ],
      series: [
        { label: '时间', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleTimeString('zh-CN', { hour12: false })) },
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
