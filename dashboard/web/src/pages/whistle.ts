// 吹哨 (/handheld/whistle.html): a grid leader reports something in their cell to the township.
// The whistle id is made once per form, so pressing 提交 again after a failure is the same incident.
// A success shows a receipt and empties the form (severity back to 小事: it never sticks from the last
// whistle); the place comes from 获取位置 (GPS) or a tap on 在地图上选点's map (map/spot-picker.ts), and one
// far from the township is questioned before it is sent. Without a signal the
// whistle and its photos (up to 3, taken with the camera) wait in the outbox (src/offline) and go when the signal returns; the receipt follows.
import { api, errorMessage } from '../api';
import { wireLogout } from '../auth';
import { byId, el, setText } from '../dom';
import { newWhistleId } from '../ids';
import { categoryLabels, incidentStatusLabel, levelLabel, whistleSeverityLabels } from '../labels';
import { SpotPicker } from '../map/spot-picker';
import { MyWhistles } from '../myWhistles';
import { photoToDataUrl } from '../photo';
import { startHandheld } from '../offline/register';
import { requireSessionOffline } from '../offline/session';
import { readThrough } from '../offline/work';
import { LoginRedirect } from '../token';
import type { CellRow, Me, WhistleCategory, WhistleReply, WhistleRequest, WhistleSeverity } from '../types';

/** Further than this from the township's centre, a located position is probably wrong (GPS, or another place). */
export const FAR_KM = 25;

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const DEFAULT_SEVERITY: WhistleSeverity = 'minor';
const DEFAULT_CATEGORY: WhistleCategory = 'other';
/** As many photos as the server takes with one whistle. */
const MAX_PHOTOS = 3;

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

/** 我的吹哨 below the form: the leader's own whistles, their status, timeline and 满意度. */
function startMyWhistles(me: Me): MyWhistles {
  const mine = new MyWhistles(byId('my-whistles'), me.townships);
  void mine.refresh();
  return mine;
}

async function main(): Promise<void> {
  wireLogout();
  const me: Me = await requireSessionOffline();
  setText(byId('user'), me.displayName || me.name);
  const outbox = await startHandheld(me);

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
  const photoPreviews = byId('photo-previews');
  const photoAdd = byId('photo-add');
  const photoInfo = byId('photo-info');
  const photoClear = byId<HTMLButtonElement>('photo-clear');
  const submit = byId<HTMLButtonElement>('whistle-submit');
  const error = byId('whistle-error');
  const result = byId('whistle-result');
  const clearLocation = byId<HTMLButtonElement>('location-clear');
  const myWhistles = startMyWhistles(me);

  fillSelect(category, Object.entries(categoryLabels) as [WhistleCategory, string][], DEFAULT_CATEGORY);
  fillSelect(severity, (Object.keys(whistleSeverityLabels) as WhistleSeverity[]).map((s) => [s, severityHints[s]]), DEFAULT_SEVERITY);

  let whistleId = newWhistleId();
  let position: { lat: number; lon: number } | null = null;
  /** Up to {@link MAX_PHOTOS} compressed photos, in the order taken; they go with the whistle and its place. */
  let photos: string[] = [];
  /** Set once the user was told the position is far away and pressed 吹哨上报 again anyway. */
  let farConfirmed = false;
  const centres = new Map<string, { name: string; lat: number; lon: number } | null>();
  const centreOf = async (township: string) => {
    if (!centres.has(township)) {
      // kept on the phone like the cells: 在地图上选点 opens around it without a signal too
      const s = await readThrough(me.name, `summary:${township}`, () => api.townshipSummary(township)).catch(() => null);
      centres.set(township, s?.centre ? { name: s.name, lat: s.centre.lat, lon: s.centre.lon } : null);
    }
    return centres.get(township) ?? null;
  };

  // 在地图上选点: a tap on the small map is the whistle's place, as 获取位置's fix is
  const picker = new SpotPicker(byId<HTMLButtonElement>('spot-open'), byId('spot-map'), () => centreOf(townshipSelect.value),
    (message) => setText(byId('spot-note'), message), (spot) => {
      position = spot;
      farConfirmed = false;
      clearLocation.hidden = false;
      setText(locationText, `已在地图上选点 ${spot.lat.toFixed(5)}, ${spot.lon.toFixed(5)}`);
      setText(error, '');
    });

  // townships and their cells
  fillSelect(townshipSelect, me.townships.map((t) => [t, t]), me.townships[0] ?? '');
  townshipField.hidden = me.townships.length <= 1;
  const loadCells = async () => {
    const township = townshipSelect.value;
    cellSelect.replaceChildren(el('option', { value: '' }, '加载中…'));
    cellSelect.disabled = true;
    let rows: CellRow[] = [];
    try {
      rows = await readThrough(me.name, `cells:${township}`, () => api.cells(township));
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
  townshipSelect.addEventListener('change', () => {
    void loadCells();
    void picker.recentre();
  });
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
        picker.mark(position);
        farConfirmed = false;
        setText(locationText, `已定位（误差约 ${Math.round(p.coords.accuracy)} 米）`);
        locate.disabled = false;
      },
      (err) => {
        position = null;
        picker.mark(null);
        const why = err.code === err.PERMISSION_DENIED ? '手机没有允许本页面获取位置'
          : err.code === err.TIMEOUT ? '定位超时' : '无法获取位置';
        setText(locationText, `${why}，可不填位置直接提交`);
        locate.disabled = false;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });

  const showPhotos = () => {
    photoPreviews.replaceChildren(...photos.map((url, i) => {
      const remove = el('button', { type: 'button', class: 'plain photo-remove', 'aria-label': `移除第 ${i + 1} 张照片` }, '×');
      remove.addEventListener('click', () => {
        photos = photos.filter((_, j) => j !== i);
        showPhotos();
      });
      return el('span', { class: 'photo-slot' }, el('img', { class: 'photo-preview', alt: `照片 ${i + 1}`, src: url, 'data-testid': 'whistle-photo-thumb' }), remove);
    }));
    photoPreviews.dataset.count = String(photos.length);
    photoClear.hidden = photos.length === 0;
    photoAdd.hidden = photos.length >= MAX_PHOTOS;
    setText(photoInfo, photos.length ? `照片 ${photos.length}/${MAX_PHOTOS}，共 ${(photos.reduce((n, p) => n + p.length, 0) / 1024).toFixed(0)} KB` : '');
  };
  const clearPhoto = () => {
    photos = [];
    photoInput.value = '';
    showPhotos();
  };
  photoInput.addEventListener('change', async () => {
    const files = [...(photoInput.files ?? [])].slice(0, MAX_PHOTOS - photos.length);
    photoInput.value = '';
    if (files.length === 0) return;
    setText(photoInfo, '正在压缩照片…');
    try {
      for (const file of files) photos.push(await photoToDataUrl(file));
      showPhotos();
    } catch (e) {
      showPhotos();
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
    if (photos.length) request.photos = [...photos];
    if (position && !farConfirmed) {
      const centre = await centreOf(request.township);
      const km = centre ? distanceKm(position, centre) : 0;
      if (km > FAR_KM) {
        farConfirmed = true;
        setText(error, `所获位置距${centre!.name}约 ${Math.round(km)} 公里，可能不准确。确认无误请再点「吹哨上报」，或点「清除位置」后提交。`);
        clearLocation.hidden = false;
        return;
      }
    }
    submit.disabled = true;
    setText(submit, '提交中…');
    let failed = false;
    try {
      const outcome = await outbox.submit('whistle', request.whistleId, { ...request }, `吹哨：${request.text.slice(0, 24)}`);
      if (outcome.sent) showReceipt(outcome.reply as WhistleReply, request);
      else showQueued(request);
      void myWhistles.refresh();
      resetForm();
      result.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (err) {
      if (err instanceof LoginRedirect) return;
      failed = true;
      setText(error, `${errorMessage(err)}。可再次点击提交（不会重复立案）。`);
    } finally {
      submit.disabled = false;
      setText(submit, failed ? '重新提交（不会重复立案）' : '吹哨上报');
    }
  });

  const cellName = (id: string) => [...cellSelect.options].find((o) => o.value === id)?.textContent ?? id;

  function showReceipt(incident: WhistleReply, request: WhistleRequest): void {
    result.replaceChildren(
      el('strong', {}, '✓ 吹哨成功，事件已受理'),
      el('div', {}, '受理编号：', el('span', { class: 'incident-number', 'data-testid': 'whistle-number' }, incident.number ?? incident.id)),
      el('div', {}, `${cellName(request.cellId)} · ${whistleSeverityLabels[request.severity]} · ${categoryLabels[request.category]}`),
      el('div', {}, `状态：${incidentStatusLabel(incident.status)}${incident.level ? ` · 由${levelLabel(incident.level)}级处理` : ''}`),
      el('div', { class: 'note' }, '表单已清空，可继续上报新的事件。'));
    result.setAttribute('data-incident-id', incident.id);
    result.setAttribute('data-status', incident.status);
    result.setAttribute('data-whistle-id', request.whistleId);
    result.removeAttribute('data-queued');
    result.hidden = false;
  }

  /** No signal: the whistle waits in the outbox; its receipt replaces this once the server has it. */
  function showQueued(request: WhistleRequest): void {
    result.replaceChildren(
      el('strong', {}, '已保存在手机上，有信号后自动发送'),
      el('div', {}, `${cellName(request.cellId)} · ${whistleSeverityLabels[request.severity]} · ${categoryLabels[request.category]}`),
      el('div', { class: 'note' }, '关闭页面也不会丢失；发送时不会重复立案。表单已清空，可继续上报。'));
    result.removeAttribute('data-incident-id');
    result.removeAttribute('data-status');
    result.setAttribute('data-whistle-id', request.whistleId);
    result.setAttribute('data-queued', 'true');
    result.hidden = false;
  }

  outbox.onSent((entry, reply) => {
    if (entry.kind === 'whistle' && result.getAttribute('data-whistle-id') === entry.id) showReceipt(reply as WhistleReply, entry.body as unknown as WhistleRequest);
  });

  /** A new, empty form (a new whistle id): the receipt above stays until the next whistle. */
  function resetForm(): void {
    whistleId = newWhistleId();
    text.value = '';
    category.value = DEFAULT_CATEGORY;
    severity.value = DEFAULT_SEVERITY;
    position = null;
    picker.mark(null);
    farConfirmed = false;
    clearLocation.hidden = true;
    setText(locationText, '');
    setText(error, '');
    clearPhoto();
  }

  clearLocation.addEventListener('click', () => {
    position = null;
    picker.mark(null);
    farConfirmed = false;
    clearLocation.hidden = true;
    setText(locationText, '已清除位置');
    setText(error, '');
  });


  await loadCells();
  void centreOf(townshipSelect.value); // kept for a map opened later without a signal
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  if (e instanceof LoginRedirect) return;
  console.error(e);
  const error = document.getElementById('whistle-error');
  if (error) error.textContent = errorMessage(e);
});
