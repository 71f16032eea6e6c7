// 现场照片 in the incident drawer: the incident's photos as thumbnails under their kind (吹哨, 到场, 处置前,
// 处置后). The list is cheap (no bytes) and read again when the incident changes; each image needs the
// bearer token, so it is fetched once, shown from an object URL, and let go when the drawer moves on.
import { el } from './dom';
import { getToken } from './token';

interface PhotoInfo { index: number; kind: 'Whistle' | 'Arrival' | 'Before' | 'After'; by: string; at: string }

const kindLabels: Record<PhotoInfo['kind'], string> = { Whistle: '吹哨', Arrival: '到场', Before: '处置前', After: '处置后' };

const enc = encodeURIComponent;

async function authorised(path: string): Promise<Response> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${getToken() ?? ''}` }, cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response;
}

export class IncidentPhotos {
  private incidentId: string | null = null;
  /** Object URLs of the images fetched for the incident shown, by photo index. */
  private readonly urls = new Map<number, Promise<string>>();

  /** A row that fills itself with the incident's thumbnails (or —); empty until the list comes. */
  strip(incidentId: string): HTMLElement {
    if (this.incidentId !== incidentId) this.forget(incidentId);
    const row = el('dd', { class: 'drawer-photos', 'data-testid': 'drawer-photos' }, '—');
    void authorised(`/api/incidents/${enc(incidentId)}/photos`).then((r) => r.json() as Promise<PhotoInfo[]>).then((photos) => {
      if (this.incidentId !== incidentId || photos.length === 0) return;
      row.replaceChildren(...photos.map((p) => {
        const img = el('img', { class: 'drawer-photo', alt: kindLabels[p.kind], title: `${kindLabels[p.kind]} · ${p.by}`, 'data-testid': 'drawer-photo', 'data-kind': p.kind });
        const link = el('a', { target: '_blank', rel: 'noopener' }, img);
        void this.image(incidentId, p.index).then((url) => { img.src = url; link.href = url; }).catch(() => undefined);
        return el('figure', { class: 'drawer-photo-item' }, link, el('figcaption', {}, kindLabels[p.kind]));
      }));
    }).catch(() => undefined);
    return row;
  }

  private image(incidentId: string, index: number): Promise<string> {
    let url = this.urls.get(index);
    if (!url) {
      url = authorised(`/api/incidents/${enc(incidentId)}/photos/${index}`).then(async (r) => URL.createObjectURL(await r.blob()));
      this.urls.set(index, url);
    }
    return url;
  }

  private forget(incidentId: string): void {
    for (const url of this.urls.values()) void url.then((u) => URL.revokeObjectURL(u)).catch(() => undefined);
    this.urls.clear();
    this.incidentId = incidentId;
  }
}
