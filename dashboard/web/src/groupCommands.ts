// 群控 progress on the 照明 page: one row per group command with a progress bar (acknowledged of total) and the
// parts' counts. Progress comes from the POST's answer, the hub's groupCommandProgress and, while the hub is not
// connected, GET polls; an older report never replaces a newer one (they can cross on the way).
import { el, setText } from './dom';
import type { GroupCommandProgress } from './types';

const actionWords = (p: GroupCommandProgress): string => {
  const r = p.request;
  switch (r.action) {
    case 'On': return r.brightness && r.brightness !== 100 ? `开灯 ${r.brightness}%` : '开灯';
    case 'Off': return '关灯';
    case 'Brightness': return `调光 ${r.brightness ?? 0}%`;
    default: return '调光方案';
  }
};

/** How far along: parts settled, then whether it is finished. */
const settled = (p: GroupCommandProgress): number => p.acknowledged + p.failed + (p.finishedAt ? 0.5 : 0);

export class GroupCommandList {
  private readonly rows = new Map<string, { progress: GroupCommandProgress; row: HTMLElement }>();

  constructor(private readonly root: HTMLElement, private readonly targetWords: (p: GroupCommandProgress) => string) {}

  /** Commands not yet finished: the ones worth polling. */
  open(): string[] {
    return [...this.rows.values()].filter((r) => !r.progress.finishedAt && r.progress.percent < 100).map((r) => r.progress.id);
  }

  apply(progress: GroupCommandProgress): void {
    const known = this.rows.get(progress.id);
    if (known && settled(known.progress) > settled(progress)) return;
    const row = known?.row ?? this.create(progress);
    this.rows.set(progress.id, { progress, row });
    const percent = Math.round(progress.percent * 10) / 10;
    row.dataset.percent = String(percent);
    row.dataset.finished = progress.finishedAt ? 'true' : 'false';
    const bar = row.querySelector('progress');
    if (bar) bar.value = percent;
    setText(row.querySelector('[data-testid=group-percent]')!, `${percent}%`);
    setText(row.querySelector('[data-testid=group-counts]')!,
      `共 ${progress.total} 盏${progress.queued ? ` · 下发中 ${progress.queued}` : ''} · 已发送待确认 ${progress.sent} · 离线待发 ${progress.pending} · 已确认 ${progress.acknowledged} · 失败 ${progress.failed}`);
  }

  private create(p: GroupCommandProgress): HTMLElement {
    const started = new Date(Date.parse(p.startedAt) + 8 * 3600_000).toISOString().slice(11, 19);
    const row = el('li', { class: 'group-command', 'data-testid': 'group-command', 'data-command-id': p.id },
      el('div', { class: 'group-title' }, `${started} ${this.targetWords(p)} ${actionWords(p)}（${p.by}）`),
      el('div', { class: 'group-bar' },
        el('progress', { max: 100, value: 0, 'data-testid': 'group-progress', 'aria-label': '已确认比例' }),
        el('strong', { class: 'num', 'data-testid': 'group-percent' }, '0%')),
      el('div', { class: 'group-counts', 'data-testid': 'group-counts' }));
    this.root.prepend(row);
    return row;
  }
}
