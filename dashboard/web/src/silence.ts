// 通信中断: most of a township's lamps silent at once. The platform holds their COMM_LOSS as one outage rather
// than an alarm per lamp, so the screen must say so itself: otherwise the lamps' last states read as all well.
import { formatShortTime } from './clock';
import { el } from './dom';
import type { LiveStore } from './store';

export class SilenceBanner {
  private lastKey = '';

  constructor(private readonly slot: HTMLElement, private readonly store: LiveStore) {}

  update(): void {
    const silences = [...this.store.silences.values()].sort((a, b) => b.held - a.held);
    const key = JSON.stringify(silences);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.slot.hidden = silences.length === 0;
    this.slot.replaceChildren(...silences.map((s) => el('div', { class: 'silence-line', 'data-township': s.township },
      el('strong', {}, `⚠ 通信中断：${this.store.townshipName(s.township)} ${s.held.toLocaleString('zh-CN')} 盏路灯同时失联`),
      el('span', {}, `（共 ${s.lamps.toLocaleString('zh-CN')} 盏${s.since ? `，${formatShortTime(s.since)} 起` : ''}）`),
      el('span', { class: 'silence-note' }, '疑为网络或平台故障；单灯离线告警暂缓，恢复后仍失联的路灯逐盏告警'))));
  }
}
