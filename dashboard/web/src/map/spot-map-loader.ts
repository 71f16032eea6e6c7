// Loads the phone pages' small map (js/spot-map.js and MapLibre's stylesheet) when someone asks for it, once
// per page: the 1.3 MB bundle is not on every load of 吹哨 or 我的工单. Fails (and may be tried again) without
// WebGL or when the file does not come (no signal and not yet kept by the service worker).
import type { SpotMapLibrary } from './spot-map';

let loading: Promise<SpotMapLibrary> | null = null;

function webgl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

export function loadSpotMap(): Promise<SpotMapLibrary> {
  loading ??= new Promise<SpotMapLibrary>((resolve, reject) => {
    if (!webgl()) {
      reject(new Error('此手机的浏览器不能显示地图'));
      return;
    }
    const w = window as unknown as { gdSpotMapLibrary?: SpotMapLibrary };
    if (!document.querySelector('link[data-spot-map]')) {
      document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/css/maplibre-gl.css' }));
      document.head.lastElementChild?.setAttribute('data-spot-map', '');
    }
    const script = document.createElement('script');
    script.src = '/js/spot-map.js';
    script.onload = () => (w.gdSpotMapLibrary ? resolve(w.gdSpotMapLibrary) : reject(new Error('地图加载失败')));
    script.onerror = () => {
      script.remove();
      reject(new Error('地图加载失败（可能没有信号）'));
    };
    document.head.append(script);
  }).catch((e: unknown) => {
    loading = null; // the next tap tries again
    throw e;
  });
  return loading;
}
