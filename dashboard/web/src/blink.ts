// One beat for everything that blinks on a page: every other half second <html> carries data-blink="dim", which the
// stylesheets turn into the dim half of a flash (an alarm row, an emergency card, the leak rings on the map). A CSS
// animation of a colour or a shadow repaints the page on every frame for as long as it runs: on a screen drawn
// without a GPU, the alarms standing on the screen took the frames that the next alarm's row needed. The beat costs
// two repaints a second, however much blinks. A viewer who asked for reduced motion gets no dim half.

/** Half a flash. */
const BLINK_MS = 500;

type BeatListener = (bright: boolean) => void;

const listeners: BeatListener[] = [];
let timer = 0;

/** Starts the page's beat (once); `listener`, if given, is called on every beat with the half it is in. */
export function onBlinkBeat(listener?: BeatListener): void {
  if (listener) listeners.push(listener);
  if (timer) return;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)');
  const root = document.documentElement;
  timer = window.setInterval(() => {
    const bright = still.matches || root.dataset.blink === 'dim';
    if (bright) delete root.dataset.blink;
    else root.dataset.blink = 'dim';
    for (const l of listeners) l(bright);
  }, BLINK_MS);
}
