// 我的工单's 查看地图: one sheet for the page with the small map (the on-demand bundle, map/spot-map-loader.ts):
// the order's place (the lamp, or where the whistle said) and the responder's own position when known (the
// phone's fix, or the last one the server has). The cards are rebuilt as their orders change, so the map
// lives outside them. Without the map (no WebGL, no signal before the service worker kept it) the sheet says
// so; 导航 and the coordinates on the card still work.
import { setText } from '../dom';
import { loadSpotMap } from './spot-map-loader';
import type { Spot, SpotMap } from './spot-map';

export class OrderMap {
  private map: SpotMap | null = null;
  private shown = 0;

  constructor(
    private readonly sheet: HTMLElement,
    private readonly title: HTMLElement,
    private readonly note: HTMLElement,
    private readonly box: HTMLElement,
    close: HTMLElement,
    /** The responder's own position, if known. */
    private readonly me: () => Spot | null,
  ) {
    close.addEventListener('click', () => {
      this.sheet.hidden = true;
      this.shown++;
    });
  }

  async show(title: string, target: Spot): Promise<void> {
    const shown = ++this.shown;
    setText(this.title, title);
    setText(this.note, '地图加载中…');
    this.sheet.hidden = false;
    this.sheet.dataset.incidentTitle = title;
    try {
      const library = await loadSpotMap();
      if (shown !== this.shown) return; // closed, or another order's map asked for meanwhile
      this.box.hidden = false;
      this.map ??= library.create(this.box, { centre: target, zoom: 15 });
      this.map.mark('target', target);
      this.map.mark('me', this.me());
      this.map.frame();
      setText(this.note, this.me() ? '红点：目的地　蓝点：我的位置' : '红点：目的地');
    } catch (e) {
      this.box.hidden = true;
      setText(this.note, `${e instanceof Error ? e.message : '地图无法打开'}；可用卡片上的「导航」或坐标`);
    }
  }
}
