// 搜索: a box over the map that finds a lamp (by id or pole name), a street, a village or a person (a
// responder by name); picking one flies the map there and opens its drawer (see MapView.go).
import { el, setText } from '../dom';
import { responderStatusLabel } from '../labels';
import type { LiveStore } from '../store';
import { streetOf } from './topology';

export type Found =
  | { kind: 'lamp'; id: string; label: string; note: string }
  | { kind: 'street'; id: string; label: string; note: string }
  | { kind: 'village'; id: string; label: string; note: string }
  | { kind: 'responder'; id: string; label: string; note: string };

const kindLabels: Record<Found['kind'], string> = { lamp: '路灯', street: '街道', village: '村', responder: '人员' };
const LIMIT = 8;

/** What matches `query` (a part of an id or a name), best first: exact ids and names, then people, places, lamps. */
export function find(store: LiveStore, query: string): Found[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact: Found[] = [];
  const people: Found[] = [];
  const places: Found[] = [];
  const lamps: Found[] = [];
  for (const r of store.responders.values()) {
    if (!r.name.toLowerCase().includes(q) && r.id.toLowerCase() !== q) continue;
    const f: Found = { kind: 'responder', id: r.id, label: r.name, note: responderStatusLabel(r.status) };
    (r.name.toLowerCase() === q || r.id.toLowerCase() === q ? exact : people).push(f);
  }
  for (const c of store.cells.values()) {
    if (c.level !== 'Village' || !c.name.toLowerCase().includes(q)) continue;
    const township = c.key.slice(0, c.key.indexOf('/'));
    (c.name.toLowerCase() === q ? exact : places).push({ kind: 'village', id: c.key, label: c.name, note: store.townshipName(township) });
  }
  const streets = new Set<string>();
  for (const l of store.lamps.values()) {
    const name = l.name ?? '';
    const street = streetOf(l);
    if (street && street.street.toLowerCase().includes(q)) {
      const key = `${l.township}/${street.street}`;
      if (!streets.has(key)) {
        streets.add(key);
        places.push({ kind: 'street', id: key, label: street.street, note: store.townshipName(l.township) });
      }
    }
    const idHit = l.id.toLowerCase() === q || name.toLowerCase() === q;
    if (idHit) exact.push({ kind: 'lamp', id: l.id, label: name || l.id, note: l.id });
    else if (lamps.length < LIMIT && (l.id.toLowerCase().includes(q) || name.toLowerCase().includes(q))) lamps.push({ kind: 'lamp', id: l.id, label: name || l.id, note: l.id });
  }
  return [...exact, ...people, ...places, ...lamps].slice(0, LIMIT);
}

export class MapSearch {
  private readonly input = el('input', { type: 'search', class: 'map-search-input', placeholder: '搜索路灯、杆号、街道、村、人员',
    'aria-label': '在地图上搜索', autocomplete: 'off', 'data-testid': 'map-search' });
  private readonly list = el('ul', { class: 'map-search-results', hidden: true, role: 'listbox', 'data-testid': 'map-search-results' });
  private readonly message = el('span', { class: 'map-search-message', role: 'status' });
  private results: Found[] = [];

  constructor(slot: HTMLElement, private readonly store: LiveStore, private readonly onPick: (f: Found) => void) {
    slot.replaceChildren(el('div', { class: 'map-search' }, this.input, this.list, this.message));
    this.input.addEventListener('input', () => this.refresh());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.refresh();
        if (this.results[0]) this.pick(this.results[0]);
        else setText(this.message, this.input.value.trim() ? '未找到' : '');
      } else if (e.key === 'Escape') {
        this.list.hidden = true;
      }
    });
    this.input.addEventListener('blur', () => window.setTimeout(() => { this.list.hidden = true; }, 200));
    this.list.addEventListener('mousedown', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-index]');
      const found = row ? this.results[Number(row.dataset.index)] : undefined;
      if (found) {
        e.preventDefault();
        this.pick(found);
      }
    });
  }

  private refresh(): void {
    this.results = find(this.store, this.input.value);
    setText(this.message, '');
    this.list.replaceChildren(...this.results.map((f, i) => el('li', { role: 'option', 'data-index': i, 'data-kind': f.kind, 'data-id': f.id, 'data-testid': 'map-search-result' },
      el('b', {}, kindLabels[f.kind]), ` ${f.label}`, el('span', { class: 'note' }, f.note))));
    this.list.hidden = this.results.length === 0;
  }

  private pick(found: Found): void {
    this.list.hidden = true;
    this.input.value = found.label;
    this.onPick(found);
  }
}
