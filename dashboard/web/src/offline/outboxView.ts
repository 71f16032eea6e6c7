// The queue on screen: 待发送 N in the header (无信号 while offline), and what the server refused with why,
// until the person taps 知道了. An order step refused because the order moved on (改派, 撤回, done by
// someone else) says so in words: nothing the phone did offline is dropped silently.
import { el, setAttr, setText } from '../dom';
import type { Outbox } from './outbox';
import type { OutboxEntry } from './outboxEntry';

const ORDER_STEPS = new Set(['acknowledge', 'arrive', 'resolve']);

/** Why the server said no, for the person who made it. */
export function refusalText(entry: OutboxEntry): string {
  const r = entry.refused;
  if (!r) return '';
  if (ORDER_STEPS.has(entry.kind) && (r.status === 403 || r.status === 404)) return '该工单已改派或撤回，此操作未生效';
  if (ORDER_STEPS.has(entry.kind) && r.status === 409) return '工单状态已变化（可能已由他人处理），此操作未生效';
  return r.message;
}

export function showOutbox(outbox: Outbox): void {
  const header = document.querySelector<HTMLElement>('.hh-header');
  const main = document.querySelector<HTMLElement>('.hh-main');
  if (!header || !main) return;
  const badge = el('span', { class: 'outbox-count', role: 'status', 'data-testid': 'outbox-count', 'data-count': '0', hidden: true });
  (header.querySelector('h1') ?? header).after(badge);
  const refused = el('ul', { class: 'outbox-refused', role: 'alert', 'data-testid': 'outbox-refused', hidden: true });
  main.prepend(refused);

  const update = () => {
    const waiting = outbox.pending().length;
    const online = navigator.onLine;
    setAttr(badge, 'data-count', String(waiting));
    setAttr(badge, 'data-online', String(online));
    badge.hidden = waiting === 0 && online;
    setText(badge, online ? `待发送 ${waiting}` : `无信号 · 待发送 ${waiting}`);
    const gone = outbox.refused();
    refused.hidden = gone.length === 0;
    refused.replaceChildren(...gone.map((e) => {
      const ok = el('button', { type: 'button', class: 'plain', 'data-testid': 'outbox-dismiss' }, '知道了');
      ok.addEventListener('click', () => void outbox.dismiss(e.id));
      return el('li', { 'data-testid': 'outbox-refused-item', 'data-id': e.id, 'data-kind': e.kind, 'data-status': String(e.refused?.status ?? '') },
        el('strong', {}, `未能提交：${e.label}`), el('span', {}, refusalText(e)), ok);
    }));
  };
  outbox.onChange(update);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}
