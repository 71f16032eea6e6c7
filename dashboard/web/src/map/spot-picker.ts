// 吹哨's 在地图上选点: the button opens a small map (the on-demand bundle, map/spot-map-loader.ts) around the
// spot already chosen or the township's centre; a tap on it is the whistle's place. When the map cannot come
// (no WebGL, no signal before the service worker kept it) the page says so and works as before: 获取位置, or
// no place at all.
import { loadSpotMap } from './spot-map-loader';
import type { Spot, SpotMap } from './spot-map';

export class SpotPicker {
  private map: SpotMap | null = null;
  private picked: Spot | null = null;
  private opening = false;

  constructor(
    private readonly button: HTMLButtonElement,
    private readonly box: HTMLElement,
    /** Where to open the map when nothing is chosen yet (the township's centre); null: nowhere known. */
    private readonly centre: () => Promise<Spot | null>,
    private readonly say: (text: string) => void,
    private readonly onPick: (spot: Spot) => void,
  ) {
    button.addEventListener('click', () => void this.toggle());
  }

  /** The place chosen otherwise (the phone's position), or none: the map's mark follows. */
  mark(spot: Spot | null): void {
    this.picked = spot;
    this.map?.mark('pick', spot);
  }

  /** Another township: the open map moves to its centre. */
  async recentre(): Promise<void> {
    if (!this.map) return;
    const centre = await this.centre();
    if (centre) this.map.moveTo(centre);
  }

  private async toggle(): Promise<void> {
    if (this.opening) return;
    if (!this.box.hidden) {
      this.box.hidden = true;
      this.button.textContent = '在地图上选点';
      return;
    }
    this.opening = true;
    this.button.disabled = true;
    this.say('地图加载中…');
    try {
      const library = await loadSpotMap();
      const centre = this.picked ?? (await this.centre());
      if (!centre) throw new Error('不知道本乡镇在地图上的位置');
      this.box.hidden = false;
      this.map ??= library.create(this.box, { centre, zoom: 15, onPick: (spot) => {
        this.picked = spot;
        this.onPick(spot);
      } });
      this.map.mark('pick', this.picked);
      this.button.textContent = '收起地图';
      this.say('在地图上点一下事发地点；可双指缩放、拖动');
    } catch (e) {
      this.box.hidden = true;
      this.say(`${e instanceof Error ? e.message : '地图无法打开'}，可点「获取位置」或不填位置直接提交`);
    } finally {
      this.opening = false;
      this.button.disabled = false;
    }
  }
}
