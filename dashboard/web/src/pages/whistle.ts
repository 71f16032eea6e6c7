// 吹哨 (/handheld/whistle.html): a grid leader reports something in their cell to the township.
// The whistle id is made once per form, so pressing 提交 again after a failure is the same incident.
import { api, errorMessage } from '../api';
import { requireSession, wireLogout } from '../auth';
import { byId, el, setText } from '../dom';
import { newWhistleId } from '../ids';
import { categoryLabels, incidentStatusLabel, levelLabel, whistleSeverityLabels } from '../labels';
import { photoToDataUrl } from '../photo';
import { LoginRedirect } from '../token';
import type { CellRow, Me, WhistleCategory, WhistleRequest, WhistleSeverity } from '../types';

const severityHints: Record<WhistleSeverity, string> = {
  micro: '微事 · 格内解决',
  minor: '小事 · 村内解决',
  major: '大事 · 乡镇解决',
  emergency: '急事 · 立即处置',
};

/** The cells a user may whistle for: the listed ones and every cell below them (all when none listed). */
export function whistleCells(rows: CellRow[], allowed: string[]): CellRow[] {
  const usable = rows.filter((r) => r.level === 'Village' || r.level === 'Group' || r.level === 'Neighbourhood');
  if (allowed.length === 0) return usable;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const allowedSet = new Set(allowed);
  const inScope = (r: CellRow): boolean => {
    for (let c: CellRow | undefined = r, depth = 0; c && depth < 8; c = c.parent ? byId.get(c.parent) : undefined, depth++) {
      if (allowedSet.has(c.id)) return true;
    }
    return false;
  };
  const found = usable.filter(inScope);
  // a listed cell the tree does not know still gets an entry (named by its id)
  for (const id of allowed) if (!byId.has(id)) found.push({ id, key: id, name: id, level: 'Neighbourhood', parent: null, leader: null, households: 0 });
  return found;
}

/** "一村 › 二组 › 3邻": the path below the township. */
export function cellPath(row: CellRow, rows: Map<string, CellRow>): string {
  const names: string[] = [];
  for (let c: CellRow | undefined = row, depth = 0; c && depth < 8; c = c.parent ? rows.get(c.parent) : undefined, depth++) {
    if (c.level === 'Township' || c.level === 'County') break;
    names.unshift(c.name);
  }
  return names.join(' › ');
}

function fillSelect<T extends string>(select: HTMLSelectElement, entries: [T, string][], value: T): void {
  select.replaceChildren(...entries.map(([v, label]) => el('option', { value: v }, label)));
  select.value = value;
}

async function main(): Promise<void> {
  wireLogout();
  const me: Me = await requireSession();
  setText(byId('user'), me.displayName || me.name);

  const form = byId<HTMLFormElement>('whistle-form');
  const townshipField = byId('township-field');
  const townshipSelect = byId<HTMLSelectElement>('township');
  const cellSelect = byId<HTMLSelectElement>('cell');
  const category = byId<HTMLSelectElement>('category');
  const severity = byId<HTMLSelectElement>('severity');
  const text = byId<HTMLTextAreaElement>('text');
  const locate = byId<HTMLButtonElement>('locate');
  const locationText = byId('location');
  const photoInput = byId<HTMLInputElement>('photo');
  const photoPreview = byId<HTMLImageElement>('photo-preview');
  const photoInfo = byId('photo-info');
  const photoClear = byId<HTMLButtonElement>('photo-clear');
  const submit = byId<HTMLButtonElement>('whistle-submit');
  const error = byId('whistle-error');
  const result = byId('whistle-result');
  const again = byId<HTMLButtonElement>('whistle-again');

  fillSelect(category, Object.entries(categoryLabels) as [WhistleCategory, string][], 'other');
  fillSelect(severity, (Object.keys(whistleSeverityLabels) as WhistleSeverity[]).map((s) => [s, severityHints[s]]), 'minor');

  let whistleId = newWhistleId();
  let position: { lat: number; lon: number } | null = null;
  let photo: string | null = null;
  let submitted = false;

  // townships and their cells
  fillSelect(townshipSelect, me.townships.map((t) => [t, t]), me.townships[0] ?? '');
  townshipField.hidden = me.townships.length <= 1;
  const loadCells = async () => {
    const township = townshipSelect.value;
    cellSelect.replaceChildren(el('option', { value: '' }, '加载中…'));
    cellSelect.disabled = true;
    let rows: CellRow[] = [];
    try {
      rows = await api.cells(township);
    } catch (e) {
      if (e instanceof LoginRedirect) throw e;
      setText(error, `网格列表加载失败：${errorMessage(e)}`);
    }
    const byCell = new Map(rows.map((r) => [r.id, r]));
    const cells = whistleCells(rows, me.cells);
    if (cells.length === 0) {
      cellSelect.replaceChildren(el('option', { value: '' }, '没有可上报的网格'));
      return;
    }
    cellSelect.replaceChildren(...cells.map((c) => el('option', { value: c.id }, cellPath(c, byCell) || c.name)));
    // a leader's own cell (the first listed) first
    const own = me.cells.find((id) => cells.some((c) => c.id === id));
    cellSelect.value = own ?? cells[0]!.id;
    cellSelect.disabled = false;
  };
  townshipSelect.addEventListener('change', () => void loadCells());
  // township names, when there is a choice
  if (me.townships.length > 1) {
    for (const option of townshipSelect.options) {
      api.townshipSummary(option.value).then((s) => { option.textContent = s.name; }).catch(() => undefined);
    }
  }

  locate.addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      setText(locationText, '此设备不支持定位');
      return;
    }
    locate.disabled = true;
    setText(locationText, '正在获取位置…');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        position = { lat: p.coords.latitude, lon: p.coords.longitude };
        setText(locationText, `已定位：${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}（±${Math.round(p.coords.accuracy)} 米）`);
        locate.disabled = false;
      },
      (err) => {
        position = null;
        const why = err.code === err.PERMISSION_DENIED ? '未获定位授权（需 HTTPS 或在浏览器中允许定位）'
          : err.code === err.TIMEOUT ? '定位超时' : '无法获取位置';
        setText(locationText, `${why}，可不填位置直接提交`);
        locate.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });

  const clearPhoto = () => {
    photo = null;
    photoInput.value = '';
    photoPreview.hidden = true;
    photoPreview.removeAttribute('src');
    photoClear.hidden = true;
    setText(photoInfo, '');
  };
  photoInput.addEventListener('change', async () => {
    const file = photoInput.files?.[0];
    if (!file) {
      clearPhoto();
      return;
    }
    setText(photoInfo, '正在压缩照片…');
    try {
      photo = await photoToDataUrl(file);
      photoPreview.src = photo;
      photoPreview.hidden = false;
      photoClear.hidden = false;
      setText(photoInfo, `照片 ${(photo.length / 1024).toFixed(0)} KB`);
    } catch (e) {
      clearPhoto();
      setText(photoInfo, e instanceof Error ? e.message : '照片处理失败');
    }
  });
  photoClear.addEventListener('click', clearPhoto);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setText(error, '');
    if (!cellSelect.value) {
      setText(error, '请选择网格');
      return;
    }
    if (!text.value.trim()) {
      setText(error, '请填写情况说明');
      text.focus();
      return;
    }
    const request: WhistleRequest = {
      township: townshipSelect.value,
      cellId: cellSelect.value,
      whistleId,
      by: me.name,
      category: category.value as WhistleCategory,
      severity: severity.value as WhistleSeverity,
      text: text.value.trim(),
      lat: position?.lat ?? null,
      lon: position?.lon ?? null,
      ts: Date.now(),
    };
    if (photo) request.photo = photo;
    submit.disabled = true;
    setText(submit, '提交中…');
    try {
      const incident = await api.whistle(request);
      result.replaceChildren(
        el('strong', {}, '已吹哨，事件已受理'),
        el('div', {}, '受理编号：', el('span', { class: 'incident-number', 'data-testid': 'whistle-number' }, incident.number ?? incident.id)),
        el('div', {}, `状态：${incidentStatusLabel(incident.status)}${incident.level ? ` · 由${levelLabel(incident.level)}级处理` : ''}`));
      result.setAttribute('data-incident-id', incident.id);
      result.setAttribute('data-status', incident.status);
      result.hidden = false;
      submitted = true;
      again.hidden = false;
      result.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (err) {
      if (err instanceof LoginRedirect) return;
      setText(error, `${errorMessage(err)}。可再次点击提交（不会重复立案）。`);
    } finally {
      submit.disabled = false;
      setText(submit, submitted ? '再次提交（不会重复立案）' : '吹哨上报');
    }
  });

  again.addEventListener('click', () => {
    whistleId = newWhistleId();
    text.value = '';
    position = null;
    setText(locationText, '');
    clearPhoto();
    result.hidden = true;
    result.replaceChildren();
    result.removeAttribute('data-incident-id');
    result.removeAttribute('data-status');
    again.hidden = true;
    submitted = false;
    setText(submit, '吹哨上报');
    text.focus();
  });

  await loadCells();
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  if (e instanceof LoginRedirect) return;
  console.error(e);
  const error = document.getElementById('whistle-error');
  if (error) error.textContent = errorMessage(e);
});
