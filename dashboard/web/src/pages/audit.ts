// 操作日志 (/audit.html): the audit log by time, township, actor and kind, and its CSV export (docs/COMMANDS.md).
import { api, ApiError, errorMessage, request } from '../api';
import { requireSession, wireLogout } from '../auth';
import { formatShortTime } from '../clock';
import { byId, el, setText } from '../dom';
import { getToken } from '../token';

interface AuditEntry {
  id: string; at: string; actor: string; actorName: string | null; township: string; kind: string;
  subject: string | null; reason: string | null; detail: string | null;
}

const kindLabels: Record<string, string> = {
  'incident.': '事件（全部）', 'incident.triage': '研判', 'incident.merge': '并案', 'incident.cancel': '作废', 'incident.assign': '派单/改派',
  'incident.withdraw': '撤回', 'incident.co-handle': '协办', 'incident.urge': '督办', 'incident.reopen': '重办', 'incident.call-back': '回访',
  'incident.close': '销号', 'alarm.acknowledge': '接警', 'lamp.maintenance': '路灯检修', 'lamp.maintenance-end': '结束检修',
  'feeder.maintenance': '回路检修', 'feeder.maintenance-end': '结束回路检修', 'lamp.command': '开关灯/调光', login: '登录',
  'account.create': '新建账号', 'account.update': '修改账号', 'topology.import': '导入网格', 'township.mode': '应急模式',
};

/** `datetime-local` is the browser's local time; the API takes ISO instants. */
const instant = (local: string): string | null => (local ? new Date(local).toISOString() : null);

function query(): string {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null) => { if (value) params.set(name, value); };
  set('from', instant(byId<HTMLInputElement>('audit-from').value));
  set('to', instant(byId<HTMLInputElement>('audit-to').value));
  set('township', byId<HTMLSelectElement>('audit-township').value);
  set('actor', byId<HTMLInputElement>('audit-actor').value.trim());
  set('kind', byId<HTMLSelectElement>('audit-kind').value);
  return params.toString();
}

async function search(): Promise<void> {
  const message = byId('audit-message');
  try {
    const rows = await request<AuditEntry[]>('GET', `/api/audit?${query()}`);
    byId('audit-rows').replaceChildren(...rows.map((a) => el('tr', { 'data-testid': 'audit-row', 'data-kind': a.kind, 'data-subject': a.subject ?? '' },
      el('td', { class: 'num' }, formatShortTime(a.at)), el('td', { 'data-testid': 'audit-actor-cell' }, a.actorName ? `${a.actorName}（${a.actor}）` : a.actor),
      el('td', {}, a.township === '*' ? '全县' : a.township), el('td', {}, kindLabels[a.kind] ?? a.kind), el('td', {}, a.subject ?? ''),
      el('td', {}, a.reason ?? ''), el('td', {}, a.detail ?? ''))));
    setText(message, `共 ${rows.length} 条`);
  } catch (e) {
    setText(message, errorMessage(e));
  }
}

async function exportCsv(): Promise<void> {
  const response = await fetch(`/api/audit.csv?${query()}`, { headers: { Authorization: `Bearer ${getToken() ?? ''}` }, cache: 'no-store' });
  if (!response.ok) {
    setText(byId('audit-message'), errorMessage(new ApiError(response.status, null)));
    return;
  }
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: 'audit.csv' });
  link.click();
  URL.revokeObjectURL(link.href);
}

async function main(): Promise<void> {
  wireLogout();
  const me = await requireSession();
  const township = byId<HTMLSelectElement>('audit-township');
  township.replaceChildren(...(me.role === 'county' ? [el('option', { value: '' }, '全部'), el('option', { value: '*' }, '全县')] : []),
    ...me.townships.map((t) => el('option', { value: t }, t)));
  void Promise.all(me.townships.map((t) => api.townshipSummary(t).then((s) => {
    const option = [...township.options].find((o) => o.value === t);
    if (option) option.textContent = s.name;
  }).catch(() => undefined)));
  byId<HTMLSelectElement>('audit-kind').replaceChildren(el('option', { value: '' }, '全部类型'),
    ...Object.entries(kindLabels).map(([v, l]) => el('option', { value: v }, l)));
  byId('audit-filter').addEventListener('submit', (e) => { e.preventDefault(); void search(); });
  byId('audit-export').addEventListener('click', () => void exportCsv());
  await search();
  document.body.dataset.ready = 'true';
}

void main();
