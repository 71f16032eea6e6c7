// 报表 (/reports.html): a period's report for a county, township or village (docs/REPORTS.md): tables, the frozen
// 红黑榜, exports (.xlsx, CSV) and an A4 print layout. Responders have no reports.
import { api, ApiError, errorMessage, request } from '../api';
import { requireSession, wireLogout } from '../auth';
import { byId, el, setText } from '../dom';
import { getToken } from '../token';

interface CountRow { key: string; name: string; count: number }
interface Rate { judged: number; onTime: number; late: number; rate: number | null }
interface Ranked { key: string; name: string; detail: string; place: number; tied: boolean; list: 'red' | 'black' | null }
interface Report {
  period: { key: string; name: string; from: string; to: string };
  scopeName: string; computedAt: string; historyStartedAt: string; beforeHistory: boolean; running: boolean;
  incidents: { total: number; cancelled: number; resolved: number; open: number; bySource: CountRow[]; byCategory: CountRow[];
    byVillage: CountRow[]; byTeam: CountRow[]; byDepartment: CountRow[] };
  deadlines: { responseDays: number; resolutionDays: number; response: Rate; resolution: Rate;
    bySeverity: { name: string; respondHours: number; resolveHours: number; incidents: number; missedDeadline: number }[] };
  escalations: { name: string; incidents: number; steps: number }[];
  satisfaction: { closed: number; rated: number; average: number | null; distribution: number[]; callBackCoverage: number | null };
  lamps: { litRate: number | null; litHours: number; faultsByCode: CountRow[]; workOrders: number; workOrdersResolved: number;
    mttrHours: number | null; energyKwh: number; baselineKwh: number; savingKwh: number; savingRate: number | null };
  ranking: { villageRule: string; teamRule: string; frozen: boolean; publishedAt: string | null; villages: Ranked[]; teams: Ranked[] };
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** Beijing time, as the reports count days. */
const beijing = (iso: string): string => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const fixed = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));
const hours = (h: number): string => (h < 1 ? `${Math.round(h * 60)} 分钟` : `${Number(h.toFixed(1))} 小时`);

function query(): string {
  const params = new URLSearchParams();
  const [level, id] = byId<HTMLSelectElement>('report-scope').value.split(':', 2) as [string, string];
  const village = byId<HTMLSelectElement>('report-village').value;
  if (level === 'county') params.set('county', id);
  else params.set('township', id);
  if (village) params.set('village', village);
  const kind = byId<HTMLSelectElement>('report-kind').value;
  if (kind === 'month') params.set('period', byId<HTMLInputElement>('report-month').value);
  else if (kind === 'quarter') params.set('period', `${byId<HTMLInputElement>('report-year').value}-Q${byId<HTMLSelectElement>('report-quarter').value}`);
  else {
    params.set('from', byId<HTMLInputElement>('report-from').value);
    params.set('to', byId<HTMLInputElement>('report-to').value);
  }
  return params.toString();
}

function table(caption: string, headers: string[], rows: (string | number)[][], testId: string): HTMLElement {
  return el('section', { 'data-testid': testId }, el('h3', {}, caption),
    el('table', { class: 'report-table' }, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
      el('tbody', {}, ...(rows.length ? rows : [['无', ...headers.slice(1).map(() => '')]]).map((r) =>
        el('tr', {}, ...r.map((c) => el('td', typeof c === 'number' ? { class: 'num' } : {}, String(c))))))));
}

const counts = (caption: string, rows: CountRow[], testId: string): HTMLElement =>
  table(caption, ['名称', '件数'], rows.map((r) => [r.name, r.count]), testId);

function ranking(caption: string, rule: string, entries: Ranked[], testId: string): HTMLElement {
  const list = (l: Ranked['list']): string => (l === 'red' ? '红榜' : l === 'black' ? '黑榜' : '');
  return el('section', { 'data-testid': testId }, el('h3', {}, caption), el('p', { class: 'report-rule' }, `规则：${rule}`),
    el('table', { class: 'report-table' },
      el('thead', {}, el('tr', {}, el('th', {}, '名次'), el('th', {}, '名称'), el('th', {}, '说明'), el('th', {}, '榜单'))),
      el('tbody', {}, ...(entries.length ? entries.map((e) => el('tr', { 'data-list': e.list ?? '', 'data-testid': `${testId}-row` },
        el('td', {}, `${e.place}${e.tied ? '（并列）' : ''}`), el('td', {}, e.name), el('td', {}, e.detail), el('td', {}, list(e.list))))
        : [el('tr', {}, el('td', {}, '无可评者'), el('td', {}), el('td', {}), el('td', {}))]))));
}

function render(r: Report): void {
  const kpi = (label: string, value: string) => el('div', {}, label, el('strong', { class: 'num' }, value));
  const d = r.deadlines;
  const s = r.satisfaction;
  const l = r.lamps;
  const k = r.ranking;
  byId('report').replaceChildren(
    el('h2', { 'data-testid': 'report-title' }, `${r.scopeName} · ${r.period.name} 报表`),
    el('p', {}, `统计至 ${beijing(r.computedAt)}（北京时间）${r.running ? '，本期尚未结束，数字仍会变化' : ''}`),
    ...(r.beforeHistory ? [el('p', { class: 'report-notice', 'data-testid': 'report-no-backfill' },
      `历史数据自 ${beijing(r.historyStartedAt)} 起记录，此前无数据：本期只统计此后部分。`)] : []),
    el('section', { class: 'report-kpis', 'data-testid': 'report-kpis' },
      kpi('事件总数', String(r.incidents.total)), kpi('已办结', String(r.incidents.resolved)), kpi('在办', String(r.incidents.open)),
      kpi(`${d.responseDays}天内报到率`, percent(d.response.rate)), kpi(`${d.resolutionDays}天内办结率`, percent(d.resolution.rate)),
      kpi('平均满意度', fixed(s.average, 2)), kpi('回访率', percent(s.callBackCoverage)), kpi('亮灯率', percent(l.litRate)),
      kpi('节电率', percent(l.savingRate))),
    el('h3', {}, '红黑榜'),
    el('p', { 'data-testid': 'report-ranking-state' }, k.frozen && k.publishedAt
      ? `本期已结束，红黑榜于 ${beijing(k.publishedAt)} 发布并冻结，此后不再变动。`
      : '本期尚未结束（或为自定义区间），红黑榜按当前数据计算，仅供参考。'),
    el('div', { class: 'report-grid' }, ranking('村', k.villageRule, k.villages, 'report-villages'), ranking('护灯队', k.teamRule, k.teams, 'report-teams')),
    el('div', { class: 'report-grid' },
      counts('按来源', r.incidents.bySource, 'report-source'), counts('按类别', r.incidents.byCategory, 'report-category'),
      counts('按村', r.incidents.byVillage, 'report-village-counts'), counts('按护灯队', r.incidents.byTeam, 'report-team-counts'),
      counts('按部门', r.incidents.byDepartment, 'report-department')),
    el('div', { class: 'report-grid' },
      table('时限', ['项目', '评定', '按时', '超时', '按时率'], [
        [`${d.responseDays}天内报到`, d.response.judged, d.response.onTime, d.response.late, percent(d.response.rate)],
        [`${d.resolutionDays}天内办结`, d.resolution.judged, d.resolution.onTime, d.resolution.late, percent(d.resolution.rate)],
      ], 'report-deadlines'),
      table('各级时限（按配置）', ['级别', '报到时限', '办结时限', '件数', '超时件数'],
        d.bySeverity.map((x) => [x.name, hours(x.respondHours), hours(x.resolveHours), x.incidents, x.missedDeadline]), 'report-severity'),
      table('升级', ['升至', '件数', '升级次数'], r.escalations.map((e) => [e.name, e.incidents, e.steps]), 'report-escalations'),
      table('满意度', ['项目', '数值'], [['销号件数', s.closed], ['回访评分', s.rated], ['回访率', percent(s.callBackCoverage)],
        ['平均满意度', fixed(s.average, 2)], ...s.distribution.map((n, i): (string | number)[] => [`${i + 1}分`, n])], 'report-satisfaction'),
      table('路灯', ['项目', '数值'], [['亮灯率（夜间）', percent(l.litRate)], ['故障工单', l.workOrders], ['已修复', l.workOrdersResolved],
        ['平均修复时长', l.mttrHours === null ? '—' : hours(l.mttrHours)], ['用电量', `${l.energyKwh.toFixed(1)} kWh`],
        ['全功率基线', `${l.baselineKwh.toFixed(1)} kWh`], ['节电量', `${l.savingKwh.toFixed(1)} kWh`], ['节电率', percent(l.savingRate)]], 'report-lamps'),
      counts('故障类型', l.faultsByCode, 'report-faults')),
  );
}

async function search(): Promise<void> {
  const message = byId('report-message');
  setText(message, '查询中…');
  try {
    render(await request<Report>('GET', `/api/reports?${query()}`));
    setText(message, '');
  } catch (e) {
    byId('report').replaceChildren();
    setText(message, errorMessage(e));
  }
}

async function download(kind: 'xlsx' | 'csv'): Promise<void> {
  const response = await fetch(`/api/reports.${kind}?${query()}`, { headers: { Authorization: `Bearer ${getToken() ?? ''}` }, cache: 'no-store' });
  if (!response.ok) {
    setText(byId('report-message'), errorMessage(new ApiError(response.status, null)));
    return;
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `report.${kind}`;
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The scope picker: the county's counties and townships, a township's own, a village's own villages. */
async function fillScopes(role: string, townships: string[], cells: string[]): Promise<void> {
  const scope = byId<HTMLSelectElement>('report-scope');
  const summaries = await Promise.all(townships.map((t) => api.townshipSummary(t).catch(() => null)));
  const counties = [...new Set(summaries.map((s) => s?.county).filter((c): c is string => !!c))];
  scope.replaceChildren(
    ...(role === 'county' ? counties.map((c) => el('option', { value: `county:${c}` }, `全县（${c}）`)) : []),
    ...townships.map((t, i) => el('option', { value: `township:${t}` }, summaries[i]?.name ?? t)));
  const village = byId<HTMLSelectElement>('report-village');
  const villageOnly = role === 'village' || role === 'leader';
  const fillVillages = async (): Promise<void> => {
    const [level, id] = scope.value.split(':', 2);
    if (level !== 'township' || !id) { village.replaceChildren(el('option', { value: '' }, '全部')); return; }
    const rows = (await api.cells(id).catch(() => [])).filter((c) => c.level === 'Village' && (!villageOnly || cells.includes(c.id)));
    village.replaceChildren(...(villageOnly ? [] : [el('option', { value: '' }, '全镇')]), ...rows.map((c) => el('option', { value: c.id }, c.name)));
  };
  scope.addEventListener('change', () => void fillVillages());
  await fillVillages();
}

function showKind(): void {
  const kind = byId<HTMLSelectElement>('report-kind').value;
  for (const label of document.querySelectorAll<HTMLElement>('[data-kind]')) label.hidden = label.dataset.kind !== kind;
}

async function main(): Promise<void> {
  wireLogout();
  const me = await requireSession();
  if (me.role === 'responder') {
    setText(byId('report-message'), '报表面向指挥中心和村（社区），处置人员无权查看。');
    document.body.dataset.ready = 'true';
    return;
  }
  // Last month by default: its 红黑榜 is the published one.
  const now = new Date(Date.now() + 8 * 3600_000);
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  byId<HTMLInputElement>('report-month').value = `${last.getUTCFullYear()}-${pad(last.getUTCMonth() + 1)}`;
  byId<HTMLInputElement>('report-year').value = String(now.getUTCFullYear());
  byId<HTMLSelectElement>('report-quarter').value = String(Math.floor(now.getUTCMonth() / 3) + 1);
  byId<HTMLInputElement>('report-from').value = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-01`;
  byId<HTMLInputElement>('report-to').value = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
  byId('report-kind').addEventListener('change', showKind);
  showKind();
  await fillScopes(me.role, me.townships, me.cells);
  byId('report-filter').addEventListener('submit', (e) => { e.preventDefault(); void search(); });
  byId('report-xlsx').addEventListener('click', () => void download('xlsx'));
  byId('report-csv').addEventListener('click', () => void download('csv'));
  byId('report-print').addEventListener('click', () => window.print());
  await search();
  document.body.dataset.ready = 'true';
}

void main();
