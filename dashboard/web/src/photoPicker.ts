// One camera button on a phone page: takes a photo (the rear camera when the phone offers it), compresses it
// with photo.ts and shows a thumbnail with 删除. The data URL is what the outbox keeps and the server takes.
import { el, setText } from './dom';
import { photoToDataUrl } from './photo';

export interface PhotoPicker {
  root: HTMLElement;
  /** The compressed photo, or null before one is taken. */
  value(): string | null;
}

/**
 * A labelled capture button. `initial` shows a photo taken before the card was rebuilt; `changed` hears
 * each new photo (or null once removed), so the caller can keep it across rebuilds.
 */
export function photoPicker(label: string, testid: string, initial: string | null, changed: (dataUrl: string | null) => void): PhotoPicker {
  let current = initial;
  const input = el('input', { type: 'file', accept: 'image/*', capture: 'environment', class: 'photo-input', 'data-testid': testid });
  const thumb = el('img', { class: 'photo-thumb', alt: label, hidden: true, 'data-testid': `${testid}-thumb` });
  const info = el('span', { class: 'photo-info' });
  const remove = el('button', { type: 'button', class: 'plain photo-remove', hidden: true }, '删除');
  const show = () => {
    thumb.hidden = current === null;
    remove.hidden = current === null;
    if (current) thumb.src = current;
    else thumb.removeAttribute('src');
  };
  const set = (value: string | null) => {
    current = value;
    show();
    changed(value);
  };
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setText(info, '正在压缩照片…');
    try {
      set(await photoToDataUrl(file));
      setText(info, '');
    } catch (e) {
      setText(info, e instanceof Error ? e.message : '照片处理失败');
    }
  });
  remove.addEventListener('click', () => set(null));
  show();
  const root = el('div', { class: 'photo-picker' }, el('label', { class: 'file-button photo-label' }, `📷 ${label}`, input), thumb, remove, info);
  return { root, value: () => current };
}
