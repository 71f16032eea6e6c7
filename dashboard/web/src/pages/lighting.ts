// 照明 (/lighting.html, docs/LIGHTING.md): a township's schedules by scope in words, an editor for the township's
// default and a village's override, and group commands (群控) with a progress bar each, live from the hub's
// groupCommandProgress (polled over HTTP while the hub is not connected). Reading is for anyone who may see the
// township; editing and group commands for the township's or the county's command centre. 能耗: a month's energy per day
// against the full-power baseline, and the saving per village, from the month's report (docs/REPORTS.md).
import type { HubConnection } from '@microsoft/signalr';
import { api, errorMessage, request } from '../api';
import { requireSession, wireLogout } from '../auth';
import { byId, el, setText } from '../dom';
import { EnergyChart, type EnergyRow } from '../energyChart';
import { GroupCommandList } from '../groupCommands';
import { LiveConnection } from '../hub';
import { connectionLabels, type ConnectionState } from '../labels';
import { exceptionWords, nightOrder, scheduleWords, scopeWords } from '../scheduleWords';
import type {
  CalendarException, DimLevel, GroupCommandProgress, GroupCommandRequest, LightingApplied, LightingBook, LightingSchedule, ScheduleScopeName,
} from '../types';

const STEP_ROWS = 4;
const POLL_MS = 2000;
const enc = encodeURIComponent;

const params = new URLSearchParams(location.search);
let township = '';
let book: LightingBook | null = null;
const villages = new Map<string, string>();
/** The exceptions the edited schedule keeps (an added one joins them on save). */
let exceptions: CalendarException[] = [];
let connection: ConnectionState = 'connecting';

const villageName = (id: string): string => villages.get(id) ?? id;
const base = (): string => `/api/townships/${enc(township)}/lighting`;
const scopePath = (s: ScheduleScopeName): string => (s.kind === 'Township' ? 'township' : `${s.kind.toLowerCase()}/${enc(s.id ?? '')}`);
const scopeKey = (s: ScheduleScopeName): string => (s.kind === 'Township' ? 'township' : `${s.kind.toLowerCase()}:${s.id ?? ''}`);
const message = (text: string): void => setText(byId('lighting-message'), text);
const beijing = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const numberOf = (id: string): number => Number(byId<HTMLInputElement>(id).value);

function renderBook(mayCommand: boolean): void {
  if (!book) return;
  setText(byId('lighting-clock'), `时区 ${book.timeZone}${book.appliedNight ? `，已下发 ${book.appliedNight} 夜的方案` : ''}`);
  const rows = book.schedules.map((s) => el('li', { 'data-testid': 'lighting-schedule', 'data-scope': scopeKey(s.scope) },
    el('span', { class: 'scope' }, scopeWords(s.scope, villageName)),
    el('span', { class: 'by' }, `${s.by} 于 ${beijing(s.at)} 设定`),
    mayCommand && el('button', { type: 'button', 'data-edit': scopeKey(s.scope), 'data-testid': 'schedule-edit' }, '编辑'),
    mayCommand && el('button', { type: 'button', class: 'plain', 'data-remove': scopeKey(s.scope), 'data-testid': 'schedule-remove' }, '删除'),
    el('span', { class: 'words', 'data-testid': 'schedule-words' }, scheduleWords(s.schedule)),
    ...s.schedule.exceptions.map((e) => el('span', { class: 'exception', 'data-testid': 'schedule-exception' }, `特殊日 ${exceptionWords(e)}`))));
  byId('lighting-schedules').replaceChildren(...(rows.length ? rows
    : [el('li', { 'data-testid': 'lighting-none' }, '尚未设定控制方案：路灯按各自原有设置运行。')]));
}

async function loadBook(mayCommand: boolean): Promise<void> {
  book = await request<LightingBook>('GET', base());
  renderBook(mayCommand);
}

function scheduleOf(key: string): LightingSchedule | undefined {
  return book?.schedules.find((s) => scopeKey(s.scope) === key)?.schedule;
}

/** Fills the editor with a scope's schedule, or the defaults (日落开灯、日出关灯、100%) where it has none. */
function edit(key: string): void {
  const s = scheduleOf(key);
  byId<HTMLSelectElement>('schedule-scope').value = key;
  byId<HTMLSelectElement>('schedule-switching').value = s?.switching ?? 'Astronomical';
  byId<HTMLInputElement>('schedule-on-offset').value = String(s?.onOffsetMinutes ?? 0);
  byId<HTMLInputElement>('schedule-off-offset').value = String(s?.offOffsetMinutes ?? 0);
  byId<HTMLInputElement>('schedule-lux').value = s?.switchLux ? String(s.switchLux) : '';
  byId<HTMLInputElement>('schedule-brightness').value = String(s?.brightness ?? 100);
  const steps = nightOrder(s?.steps ?? []);
  byId('schedule-steps').replaceChildren(...Array.from({ length: Math.max(STEP_ROWS, steps.length) }, (_, i) => el('label', {},
    el('input', { type: 'time', 'data-step-at': i, 'data-testid': `schedule-step-at-${i}`, value: steps[i]?.at ?? '' }), ' 起 ',
    el('input', { type: 'number', min: 0, max: 100, 'data-step-brightness': i, 'data-testid': `schedule-step-brightness-${i}`,
      value: steps[i] ? String(steps[i].brightness) : '' }), ' %')));
  exceptions = [...(s?.exceptions ?? [])];
  renderExceptions();
  showSwitching();
}

function renderExceptions(): void {
  byId('schedule-exceptions').replaceChildren(...exceptions.map((e, i) => el('li', {}, exceptionWords(e),
    el('button', { type: 'button', class: 'plain', 'data-drop-exception': i }, '移除'))));
}

function showSwitching(): void {
  const mode = byId<HTMLSelectElement>('schedule-switching').value;
  for (const label of document.querySelectorAll<HTMLElement>('[data-switching]')) label.hidden = label.dataset.switching !== mode;
}

/** The editor's schedule; an error message for what cannot be sent. */
function readSchedule(): LightingSchedule | string {
  const steps: DimLevel[] = [];
  for (const at of document.querySelectorAll<HTMLInputElement>('[data-step-at]')) {
    if (!at.value) continue;
    const level = document.querySelector<HTMLInputElement>(`[data-step-brightness="${at.dataset.stepAt}"]`)?.value ?? '';
    if (level === '') return `调光 ${at.value} 缺少亮度`;
    steps.push({ at: at.value.slice(0, 5), brightness: Number(level) });
  }
  const added = readException();
  if (typeof added === 'string') return added;
  const switching = byId<HTMLSelectElement>('schedule-switching').value === 'Lux' ? 'Lux' : 'Astronomical';
  return {
    switching,
    onOffsetMinutes: switching === 'Lux' ? 0 : numberOf('schedule-on-offset'),
    offOffsetMinutes: switching === 'Lux' ? 0 : numberOf('schedule-off-offset'),
    switchLux: switching === 'Lux' ? numberOf('schedule-lux') : null,
    brightness: numberOf('schedule-brightness'),
    steps,
    exceptions: added ? [...exceptions, added] : exceptions,
  };
}

/** The exception typed in the editor, null when its name is empty. */
function readException(): CalendarException | null | string {
  const name = byId<HTMLInputElement>('exception-name').value.trim();
  if (!name) return null;
  const date = byId<HTMLInputElement>('exception-date').value;
  const days = byId<HTMLInputElement>('exception-days').value.split(/[,，、\s]+/).filter(Boolean).map(Number);
  if (!date && days.length === 0) return `特殊日“${name}”需要日期或每月的日子`;
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 31)) return '每月的日子是 1 到 31';
  const stepAt = byId<HTMLInputElement>('exception-step-at').value;
  const stepLevel = byId<HTMLInputElement>('exception-step-brightness').value;
  return {
    name, date: date || null, daysOfMonth: date ? [] : days, brightness: numberOf('exception-brightness'),
    steps: stepAt && stepLevel !== '' ? [{ at: stepAt.slice(0, 5), brightness: Number(stepLevel) }] : [],
  };
}

const appliedWords = (a: LightingApplied): string =>
  `已保存：下发 ${a.sent} 盏，已是此方案 ${a.unchanged} 盏${a.failed ? `，失败 ${a.failed} 盏` : ''}。`;

async function save(mayCommand: boolean): Promise<void> {
  const schedule = readSchedule();
  if (typeof schedule === 'string') { message(schedule); return; }
  const key = byId<HTMLSelectElement>('schedule-scope').value;
  const scope: ScheduleScopeName = key === 'township' ? { kind: 'Township', id: null } : { kind: 'Village', id: key.slice('village:'.length) };
  message('保存中…');
  try {
    const applied = await request<LightingApplied>('PUT', `${base()}/schedules/${scopePath(scope)}`, schedule);
    byId<HTMLInputElement>('exception-name').value = '';
    await loadBook(mayCommand);
    edit(key);
    message(appliedWords(applied));
  } catch (e) {
    message(errorMessage(e));
  }
}

async function remove(key: string, mayCommand: boolean): Promise<void> {
  const scope = book?.schedules.find((s) => scopeKey(s.scope) === key)?.scope;
  if (!scope) return;
  try {
    await request<LightingApplied>('DELETE', `${base()}/schedules/${scopePath(scope)}`);
    await loadBook(mayCommand);
    message(`已删除 ${scopeWords(scope, villageName)} 的方案：其路灯改用上一级方案。`);
  } catch (e) {
    message(errorMessage(e));
  }
}

function targetWords(p: GroupCommandProgress): string {
  const r = p.request;
  switch (r.target) {
    case 'Township': return '全镇';
    case 'Village': return villageName(r.targetId ?? '');
    case 'Lamps': return `指定路灯 ${r.lampIds?.length ?? 0} 盏`;
    default: return r.targetId ?? '';
  }
}

function readGroupCommand(): GroupCommandRequest | string {
  const target = byId<HTMLSelectElement>('group-target').value as GroupCommandRequest['target'];
  const action = byId<HTMLSelectElement>('group-action').value as GroupCommandRequest['action'];
  const command: GroupCommandRequest = { target, action };
  if (target === 'Village') command.targetId = byId<HTMLSelectElement>('group-village').value;
  if (target === 'Lamps') {
    command.lampIds = byId<HTMLInputElement>('group-lamps').value.split(/[,，、\s]+/).filter(Boolean);
    if (command.lampIds.length === 0) return '请填写路灯编号';
  }
  if (action !== 'Off') command.brightness = numberOf('group-brightness');
  return command;
}

function showGroupFields(): void {
  const target = byId<HTMLSelectElement>('group-target').value;
  const action = byId<HTMLSelectElement>('group-action').value;
  for (const label of document.querySelectorAll<HTMLElement>('[data-target]')) label.hidden = label.dataset.target !== target;
  for (const label of document.querySelectorAll<HTMLElement>('label[data-action]')) label.hidden = !label.dataset.action!.split(' ').includes(action);
}

async function send(list: GroupCommandList): Promise<void> {
  const command = readGroupCommand();
  if (typeof command === 'string') { message(command); return; }
  try {
    list.apply(await request<GroupCommandProgress>('POST', `${base()}/group-commands`, command));
    message('已下发，进度见下方。');
  } catch (e) {
    message(errorMessage(e));
  }
}

/** Reads the open commands' progress over HTTP: while the hub is down, and after it reconnects (it may have missed some). */
async function poll(list: GroupCommandList): Promise<void> {
  for (const id of list.open()) {
    try {
      list.apply(await request<GroupCommandProgress>('GET', `${base()}/group-commands/${enc(id)}`));
    } catch {
      // the next poll tries again
    }
  }
}

const kwh = (x: number): string => x.toFixed(2);
const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The month's energy from its report: the days on the chart, the villages in the table, most saved first. */
async function loadEnergy(chart: EnergyChart): Promise<void> {
  const month = byId<HTMLInputElement>('energy-month').value;
  try {
    const report = await request<{ lamps: { energyKwh: number; baselineKwh: number; savingRate: number | null; byVillage: EnergyRow[]; byDay: EnergyRow[] } }>(
      'GET', `/api/reports?township=${enc(township)}&period=${enc(month)}`);
    const l = report.lamps;
    setText(byId('energy-total'), `${month} 用电 ${kwh(l.energyKwh)} kWh，全功率基线 ${kwh(l.baselineKwh)} kWh，节电 ${percent(l.savingRate)}`);
    chart.show(l.byDay);
    byId('energy-villages').replaceChildren(...(l.byVillage.length ? l.byVillage.map((v) =>
      el('tr', { 'data-testid': 'energy-village', 'data-village': v.key, 'data-kwh': String(v.energyKwh) },
        el('td', {}, v.name), el('td', { class: 'num' }, kwh(v.energyKwh)), el('td', { class: 'num' }, kwh(v.baselineKwh)),
        el('td', { class: 'num' }, percent(v.savingRate))))
      : [el('tr', {}, el('td', { colspan: 4 }, '本月暂无能耗数据'))]));
  } catch (e) {
    setText(byId('energy-total'), errorMessage(e));
  }
}

async function main(): Promise<void> {
  wireLogout();
  const me = await requireSession();
  const mayCommand = me.role === 'county' || me.role === 'township';
  const picker = byId<HTMLSelectElement>('lighting-township');
  const summaries = await Promise.all(me.townships.map((t) => api.townshipSummary(t).catch(() => null)));
  picker.replaceChildren(...me.townships.map((t, i) => el('option', { value: t }, summaries[i]?.name ?? t)));
  township = me.townships.includes(params.get('township') ?? '') ? params.get('township')! : me.townships[0] ?? '';
  picker.value = township;
  picker.addEventListener('change', () => location.assign(`/lighting.html?township=${enc(picker.value)}`));
  if (!township) {
    message('没有可查看的乡镇。');
    document.body.dataset.ready = 'true';
    return;
  }
  for (const c of await api.cells(township).catch(() => [])) if (c.level === 'Village') villages.set(c.id, c.name);

  const list = new GroupCommandList(byId('group-commands'), targetWords);
  const live = new LiveConnection<unknown>({
    deltas: {
      groupCommandProgress: (b) => {
        for (const p of b as GroupCommandProgress[]) if (p.township === township) list.apply(p);
      },
    },
    subscribe: (c: HubConnection) => c.invoke<unknown>('Watch', township),
    onSnapshot: () => void poll(list),
    onState: (state) => {
      connection = state;
      const node = byId('connection');
      node.dataset.state = state;
      setText(node, connectionLabels[state]);
    },
    onFatal: (text) => message(text),
  });
  void live.start();
  setInterval(() => { if (connection !== 'connected') void poll(list); }, POLL_MS);

  if (mayCommand) {
    const villageOptions = [...villages].map(([id, name]) => el('option', { value: `village:${id}` }, `村：${name}`));
    byId('schedule-scope').replaceChildren(el('option', { value: 'township' }, '全镇默认'), ...villageOptions);
    byId('group-village').replaceChildren(...[...villages].map(([id, name]) => el('option', { value: id }, name)));
    byId('schedule-editor').hidden = false;
    byId('group-section').hidden = false;
    byId('schedule-scope').addEventListener('change', () => edit(byId<HTMLSelectElement>('schedule-scope').value));
    byId('schedule-switching').addEventListener('change', showSwitching);
    byId('schedule-form').addEventListener('submit', (e) => { e.preventDefault(); void save(mayCommand); });
    byId('schedule-exceptions').addEventListener('click', (e) => {
      const drop = (e.target as HTMLElement).dataset.dropException;
      if (drop === undefined) return;
      exceptions.splice(Number(drop), 1);
      renderExceptions();
    });
    byId('lighting-schedules').addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const key = target.dataset.edit ?? target.dataset.remove;
      if (!key) return;
      if (target.dataset.edit) {
        if (key.startsWith('village:') || key === 'township') edit(key);
        else message('街道、回路和单灯的方案请通过接口修改。');
      } else void remove(key, mayCommand);
    });
    byId('group-target').addEventListener('change', showGroupFields);
    byId('group-action').addEventListener('change', showGroupFields);
    byId('group-form').addEventListener('submit', (e) => { e.preventDefault(); void send(list); });
    showGroupFields();
  }
  try {
    await loadBook(mayCommand);
  } catch (e) {
    message(errorMessage(e));
  }
  const chart = new EnergyChart(byId('energy-chart'));
  byId<HTMLInputElement>('energy-month').value = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7); // Beijing's month
  byId('energy-form').addEventListener('submit', (e) => { e.preventDefault(); void loadEnergy(chart); });
  await loadEnergy(chart);
  if (mayCommand) edit('township');
  document.body.dataset.ready = 'true';
}

void main();
