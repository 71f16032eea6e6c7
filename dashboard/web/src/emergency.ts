// 平急结合: the red emergency banner with the check-in board (报到 x/y), and the switch between
// normal and emergency mode for township and county users (POST /api/townships/{id}/mode).
import { api, errorMessage } from './api';
import { formatShortTime } from './clock';
import { byChineseName } from './collation';
import { el, setText } from './dom';
import { modeLabels } from './labels';
import type { LiveStore } from './store';
import type { CheckIn, Mode, ModeName, Responder } from './types';

/** One chip of the check-in board: a person, or a department together with its duty officer(s). */
export interface BoardChip {
  id: string;
  name: string;
  /** Who stands for a department (its duty officers), for the chip's hover text. */
  officers: string[];
  kind: CheckIn['kind'];
  at: string | null;
}

/**
 * The board as chips: a department and the responders on duty for it are called separately, but they are
 * one unit on the ground, so they share one chip, checked in when either has reported (the earliest time).
 */
export function boardChips(mode: Mode, responders: ReadonlyMap<string, Pick<Responder, 'department' | 'name'>>): BoardChip[] {
  const board = mode.board ?? [];
  const departments = new Map(board.filter((b) => b.kind === 'Department').map((b) => [b.id, { ...b, officers: [] as string[] }]));
  const chips: BoardChip[] = [];
  for (const b of board) {
    if (b.kind === 'Department') continue;
    const department = departments.get(responders.get(b.id)?.department ?? '');
    if (!department) {
      chips.push({ id: b.id, name: b.name ?? b.id, officers: [], kind: b.kind, at: b.at ?? null });
      continue;
    }
    department.officers.push(b.name ?? b.id);
    if (b.at && (!department.at || b.at < department.at)) department.at = b.at;
  }
  for (const d of departments.values()) {
    chips.push({ id: d.id, name: d.name ?? d.id, officers: d.officers, kind: 'Department', at: d.at ?? null });
  }
  return chips;
}

export function checkedIn(chips: readonly BoardChip[]): { done: number; total: number } {
  return { done: chips.filter((b) => !!b.at).length, total: chips.length };
}

export class EmergencyView {
  private lastKey = '';

  constructor(private readonly slot: HTMLElement, private readonly store: LiveStore) {}

  update(): void {
    const emergencies = [...this.store.modes.values()].filter((m) => m.mode === 'Emergency');
    const key = JSON.stringify(emergencies) + this.store.responders.size;
    if (key === this.lastKey) return;
    this.lastKey = key;
    document.body.classList.toggle('emergency-mode', emergencies.length > 0);
    if (emergencies.length === 0) {
      this.slot.replaceChildren();
      return;
    }
    const banner = el('section', { class: 'emergency-banner', 'data-testid': 'emergency-banner', role: 'alert' });
    for (const m of emergencies) {
      const chips = boardChips(m, this.store.responders);
      const { done, total } = checkedIn(chips);
      const board = chips.sort((a, b) => Number(!!a.at) - Number(!!b.at) || byChineseName(a.name, b.name));
      banner.appendChild(el('div', { class: 'emergency-township', 'data-township': m.township },
        el('div', { class: 'emergency-title' },
          el('strong', {}, `⚠ ${modeLabels.Emergency}`),
          el('span', { class: 'emergency-name' }, this.store.townshipName(m.township)),
          m.reason ? el('span', { class: 'emergency-reason' }, m.reason) : null,
          el('span', { class: 'emergency-since' }, `自 ${formatShortTime(m.since)}${m.by ? ' · ' + m.by + ' 启动' : ''}`),
          el('span', { class: 'checkin-count', 'data-testid': 'checkin-count' }, `报到 ${done}/${total}`)),
        el('ul', { class: 'checkin-board', 'data-testid': 'checkin-board' },
          ...board.map((b) => el('li', { class: b.at ? 'checked' : 'waiting', 'data-checkin-id': b.id,
            title: `${b.kind === 'Department' ? '职能部门' : '处置人员'}${b.officers.length ? '，值班：' + b.officers.join('、') : ''}${b.at ? '' : '，待报到'}` },
            b.at ? `✓ ${b.name} ${formatShortTime(b.at)}` : b.name)))));
    }
    this.slot.replaceChildren(banner);
  }
}

/** The header button and its dialog; only for county and township users. */
export class ModeSwitch {
  private readonly dialog: HTMLDialogElement;
  private readonly townshipSelect: HTMLSelectElement;
  private readonly reason: HTMLTextAreaElement;
  private readonly action: HTMLElement;
  private readonly error: HTMLElement;
  private readonly confirm: HTMLButtonElement;

  constructor(private readonly button: HTMLButtonElement, private readonly store: LiveStore) {
    this.townshipSelect = el('select', { 'data-testid': 'mode-township' });
    this.reason = el('textarea', { rows: 3, maxlength: 200, placeholder: '例如：防汛Ⅳ级应急响应', 'data-testid': 'mode-reason' });
    this.action = el('p', { class: 'mode-action' });
    this.error = el('p', { class: 'form-error', role: 'alert' });
    this.confirm = el('button', { type: 'submit', class: 'danger', 'data-testid': 'mode-confirm' }, '确认');
    const cancel = el('button', { type: 'button', class: 'plain' }, '取消');
    const form = el('form', { method: 'dialog', class: 'mode-form' },
      el('h2', {}, '平急切换'),
      el('label', {}, '乡镇', this.townshipSelect),
      this.action,
      el('label', {}, '原因', this.reason),
      this.error,
      el('div', { class: 'dialog-buttons' }, cancel, this.confirm));
    this.dialog = el('dialog', { class: 'mode-dialog' }, form);
    document.body.appendChild(this.dialog);
    button.hidden = false;
    button.addEventListener('click', () => this.open());
    cancel.addEventListener('click', () => this.dialog.close());
    this.townshipSelect.addEventListener('change', () => this.describe());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  private target(): { township: string; next: ModeName } {
    const township = this.townshipSelect.value;
    const current = this.store.modes.get(township)?.mode ?? 'Normal';
    return { township, next: current === 'Emergency' ? 'Normal' : 'Emergency' };
  }

  /** Keeps the header button's words in step with the mode: the same words at county and township level. */
  update(): void {
    const ids = this.store.townshipIds();
    const anyEmergency = ids.some((id) => this.store.modes.get(id)?.mode === 'Emergency');
    setText(this.button, anyEmergency ? '解除应急' : '启动应急');
    this.button.classList.toggle('danger', !anyEmergency);
  }

  private open(): void {
    const ids = this.store.townshipIds();
    const emergencyFirst = ids.find((id) => this.store.modes.get(id)?.mode === 'Emergency');
    this.townshipSelect.replaceChildren(...ids.map((id) => el('option', { value: id }, this.store.townshipName(id))));
    if (emergencyFirst) this.townshipSelect.value = emergencyFirst;
    this.townshipSelect.parentElement!.hidden = ids.length <= 1;
    this.reason.value = '';
    setText(this.error, '');
    this.describe();
    this.dialog.showModal();
    this.reason.focus();
  }

  private describe(): void {
    const { township, next } = this.target();
    const name = this.store.townshipName(township);
    setText(this.action, next === 'Emergency'
      ? `将「${name}」切换为应急状态：所有挂钩干部和职能部门须报到，急事优先处置。`
      : `将「${name}」恢复为平时状态。`);
    setText(this.confirm, next === 'Emergency' ? '启动应急' : '解除应急');
    this.confirm.className = next === 'Emergency' ? 'danger' : 'primary';
  }

  private async submit(): Promise<void> {
    const { township, next } = this.target();
    const reason = this.reason.value.trim();
    if (next === 'Emergency' && !reason) {
      setText(this.error, '请填写启动应急的原因');
      return;
    }
    this.confirm.disabled = true;
    try {
      const mode = await api.setMode(township, next, reason);
      if (mode && typeof mode === 'object' && 'mode' in mode) this.store.applyModes([mode]);
      this.dialog.close();
    } catch (e) {
      setText(this.error, errorMessage(e));
    } finally {
      this.confirm.disabled = false;
    }
  }
}
