// The command centre's map, on MapLibre GL (WebGL, bundled, no tiles from the internet unless the operator
// sets a basemap): the lamps as one custom WebGL layer of points coloured by state, the grid cells as polygons (their
// boundary, else the outline of their lamps), streets and feeders as lines, open incidents as pins by
// severity, responders as moving markers with their last hour's trail, village or township names as HTML.
// Townships with no geography at all (no lamp with a position, no cell boundary, e.g. 彰冠镇) are drawn as
// village boxes beside the map. On the county's screen a click on a township opens it; on a township's, a
// click on a lamp opens it. The pieces live in map/.
import { onBlinkBeat } from './blink';
import { el, setText } from './dom';
import type { LiveStore } from './store';
import { loadBasemap, BASEMAP_SOURCE, withToken } from './map/basemap';
import { IncidentPins, INCIDENT_LAYER, severityColours } from './map/incident-pins';
import { LampLayer } from './map/lamp-layer';
import { lampStateColours, lampStateLabels, type LampState } from './map/lamp-state';
import { MapLabels } from './map/labels';
import maplibregl, { type GeoJSONSource, type LngLatBoundsLike, type MapLibreMap, type MapMouseEvent, type Marker, type Popup } from './map/maplibre';
import { PlaybackLayer } from './map/playback-layer';
import type { PlaybackFrame } from './map/playback';
import { ResponderMarks } from './map/responder-marks';
import { MapSearch, type Found } from './map/search';
import { extent, geography, hasPosition, streetOf, type Geography } from './map/topology';
import { MapTooltip, type Hovered } from './map/tooltip';
import { keepTextReadable, VillageBoxes, WIDTH } from './map/village-boxes';
import { responderStatusLabel } from './labels';

export { lampState, lampStateLabels, type LampState } from './map/lamp-state';

export interface MapActions {
  /** The county's screen: a click on a township's part of the map opens that township (drill-in). */
  onTownship?: ((township: string) => void) | null;
  /** A township's screen: a click on a lamp. */
  onLamp?: (lampId: string) => void;
  /** A click on an incident's pin. */
  onIncident?: (incidentId: string) => void;
  /** A lamp picked in the search box: its drawer opens. */
  onLampFound?: (lampId: string) => void;
  /** The first draw of a snapshot's lamps is on the canvas (the page may call itself ready). */
  onDrawn?: () => void;
  /** Where the search box goes (the map panel's header). */
  searchSlot?: HTMLElement;
}

/** The canvas's background: the topology alone, on the screen's dark blue. */
const STYLE = {
  version: 8 as const,
  sources: {},
  layers: [{ id: 'background', type: 'background' as const, paint: { 'background-color': '#08111f' } }],
};

/** Pixels around a click or the pointer in which a lamp counts as hit (lamps are small dots). */
const HIT_PX = 5;

export class MapView {
  private readonly tooltip: MapTooltip;
  private readonly canvasBox = el('div', { class: 'map-canvas', 'data-testid': 'map-canvas' });
  private readonly boxesBox = el('div', { class: 'map-boxes', hidden: true });
  private readonly note = el('div', { class: 'map-note', hidden: true, role: 'status' });
  private map: MapLibreMap | null = null;
  private loaded = false;
  private pending = false;
  private lamps: LampLayer | null = null;
  /** Incidents changed since the pins were last drawn (they are drawn on the beat). */
  private incidentsDue = false;
  private incidents: IncidentPins | null = null;
  private responders: ResponderMarks | null = null;
  private labels: MapLabels | null = null;
  private playback: PlaybackLayer | null = null;
  private boxes: VillageBoxes | null = null;
  private geo: Geography | null = null;
  private marker: Marker | null = null;
  private popup: Popup | null = null;
  private fitted = false;
  private drawing = false;
  /** Counts the snapshots drawn: the outlines of an older one are not drawn over a newer one's. */
  private generation = 0;
  private snapshotAt: number | null = null;
  /** From the snapshot's arrival to its lamps' first draw on the canvas (ms): the benchmark reads it. */
  firstDrawMs: number | null = null;
  private hoverFrame = 0;
  /**
   * Where a first draw's time goes (the benchmark reads them), each from the snapshot's arrival: until the store has it,
   * until the render that draws it (the next animation frame; `deferred`: the map had not loaded yet); then preparing
   * the lamps here, the rest of that render (the screen's other panels), and from sending the lamps until a frame has
   * drawn them (that rest included). The snapshot's arrival on the wall clock, for what the benchmark samples outside the page.
   */
  private readonly drawStats = { storeMs: 0, waitMs: 0, prepareMs: 0, restMs: 0, drawnMs: 0, deferred: false, fromEpochMs: 0 };
  /** Frames of the map that took 50 ms or more, once `measureFrames` is on. */
  private readonly longFrames: number[] = [];
  /** Every frame of the map once `measureFrames` is on: how many, and their main-thread time. */
  private readonly frameTotals = { count: 0, ms: 0 };

  constructor(
    private readonly container: HTMLElement,
    private readonly legendSlot: HTMLElement,
    private readonly store: LiveStore,
    private readonly actions: MapActions = {},
  ) {
    this.tooltip = new MapTooltip(container, store);
    container.replaceChildren(this.canvasBox, this.boxesBox, this.note, this.tooltip.node);
    try {
      const map = new maplibregl.Map({
        container: this.canvasBox, style: STYLE, attributionControl: false, transformRequest: withToken,
        center: [107.15, 34.35], zoom: 11, maxZoom: 20, dragRotate: false, pitchWithRotate: false, fadeDuration: 0,
      });
      map.touchZoomRotate.disableRotation();
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      map.on('load', () => this.onLoad());
      map.on('error', (e) => console.warn('map', e.error));
      this.map = map;
    } catch (e) {
      // no WebGL: say so, and keep the rest of the screen working (the boxes still draw)
      console.warn('map: WebGL unavailable', e);
      setText(this.note, '此浏览器无法显示地图（需要 WebGL）');
      this.note.hidden = false;
    }
    // the county's township labels and the village boxes are DOM: a click on one opens the township
    if (actions.onTownship) container.addEventListener('click', (e) => {
      const target = e.target as Element | null;
      const tagged = target?.closest?.('[data-township]')?.getAttribute('data-township');
      const key = target?.closest?.('[data-village-key]')?.getAttribute('data-village-key');
      const township = tagged ?? (key ? key.slice(0, key.indexOf('/')) : null);
      if (township) actions.onTownship!(township);
    });
    // the village boxes keep their labels readable as the panel settles or a wall is resized
    new ResizeObserver(() => {
      const root = this.boxesBox.querySelector<SVGSVGElement>('svg');
      if (root) keepTextReadable(root, this.boxesBox, root.viewBox.baseVal.height);
    }).observe(this.boxesBox);
    if (actions.searchSlot) {
      // over the map's top-left corner: the panel's header keeps its room for the legend
      container.append(actions.searchSlot);
      new MapSearch(actions.searchSlot, store, (f) => this.go(f));
    }
    (window as unknown as { gdMap: unknown }).gdMap = this.testHook();
  }

  private onLoad(): void {
    const map = this.map!;
    // Live changes reach the canvas on the page's beat: the lamps' new colours, the leak rings' flash and the incident
    // pins repaint together, twice a second. Each frame of the map costs a screen drawn without a GPU a good part of a
    // core; with every change repainting on its own, a burst of lamp changes took the frames the alarm feed needed.
    onBlinkBeat((bright) => this.onBeat(bright));
    map.addSource('townships', { type: 'geojson', data: empty() });
    map.addSource('cells', { type: 'geojson', data: empty() });
    map.addSource('lines', { type: 'geojson', data: empty() });
    map.addLayer({ id: 'township-fill', type: 'fill', source: 'townships', paint: { 'fill-color': '#12233b', 'fill-opacity': 0.35 } });
    map.addLayer({ id: 'cell-fill', type: 'fill', source: 'cells', filter: ['==', ['get', 'level'], 'Village'],
      paint: { 'fill-color': '#1c3557', 'fill-opacity': 0.3 } });
    map.addLayer({ id: 'cell-line', type: 'line', source: 'cells',
      paint: { 'line-color': ['match', ['get', 'level'], 'Village', '#4a7ab8', '#2a4468'], 'line-width': ['match', ['get', 'level'], 'Village', 1.6, 0.8],
        'line-dasharray': [3, 2] } });
    map.addLayer({ id: 'township-line', type: 'line', source: 'townships', paint: { 'line-color': '#7fa6d6', 'line-width': 2 } });
    map.addLayer({ id: 'feeder-line', type: 'line', source: 'lines', filter: ['==', ['get', 'kind'], 'feeder'], minzoom: 13,
      paint: { 'line-color': '#a78bfa', 'line-width': 1, 'line-opacity': 0.5, 'line-dasharray': [1, 2] } });
    map.addLayer({ id: 'street-line', type: 'line', source: 'lines', filter: ['==', ['get', 'kind'], 'street'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#3b5578', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 4] } });
    this.responders = new ResponderMarks(map, this.store, (id, e) => this.hoverResponder(id, e));
    this.lamps = new LampLayer(map, this.store);
    this.incidents = new IncidentPins(map, this.store);
    this.labels = new MapLabels(map);
    map.on('click', (e) => this.onClick(e));
    map.on('mousemove', (e) => this.onHover(e));
    map.on('mouseout', () => this.tooltip.hide());
    this.loaded = true;
    if (this.pending) this.rebuild();
    void this.addBasemap();
  }

  /** The operator's basemap under the topology, if one is set (a 404 or an error: none). */
  private async addBasemap(): Promise<void> {
    const basemap = await loadBasemap();
    const map = this.map;
    if (!basemap || !map) return;
    map.addSource(BASEMAP_SOURCE, basemap.source);
    map.addLayer(basemap.layer, 'township-fill');
    if (basemap.attribution) map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: basemap.attribution }));
  }

  /** A snapshot arrived (before the store has it): the first draw's time is measured from here. */
  snapshotArrived(): void {
    this.snapshotAt = performance.now();
    // the benchmark's trace window; one pair kept, a wall screen reconnects for weeks
    performance.clearMarks('gd-snapshot');
    performance.clearMarks('gd-drawn');
    performance.mark('gd-snapshot');
  }

  /** The store has taken the snapshot (the benchmark's split of the first draw). */
  snapshotStored(): void {
    if (this.snapshotAt !== null) this.drawStats.storeMs = performance.now() - this.snapshotAt;
  }

  /**
   * Draws everything from the store (after a snapshot): the lamps first, and the cells' and townships' outlines,
   * streets, feeders and names once the lamps are on the canvas (outlining every cell from its lamps takes a while).
   */
  rebuild(): void {
    const started = performance.now();
    const { bounds, withoutGeography } = extent(this.store);
    this.buildBoxes(withoutGeography, bounds !== null);
    this.legendSlot.replaceChildren(this.legend());
    if (!this.map) return;
    if (!this.loaded) {
      this.drawStats.deferred = true;
      this.pending = true;
      this.drawing = true;
      return;
    }
    this.pending = false;
    const map = this.map;
    this.lamps!.setAll();
    const sent = performance.now();
    this.drawStats.waitMs = this.snapshotAt !== null ? started - this.snapshotAt : 0;
    this.drawStats.prepareMs = sent - started;
    // a microtask runs once the render calling this has returned: the rest of that render's work
    queueMicrotask(() => { this.drawStats.restMs = performance.now() - sent; });
    this.incidents!.update();
    this.responders!.reset();
    if (bounds && !this.fitted) {
      // the first snapshot frames the scope; a later one (a reconnect) keeps what the operator looks at
      this.fitted = true;
      map.resize();
      map.fitBounds(bounds, { padding: 40, animate: false, maxZoom: 17 });
    }
    const generation = ++this.generation;
    if (!bounds) {
      // nothing to draw on the canvas (a township of village boxes only): drawn as it is
      this.finishDrawing();
      this.drawOutlines(generation);
      return;
    }
    this.drawing = true;
    this.lamps!.whenDrawn(() => {
      this.drawStats.drawnMs = performance.now() - sent;
      this.finishDrawing();
      // in a task of its own: the page's render that the first draw asks for comes first
      window.setTimeout(() => this.drawOutlines(generation), 0);
    });
  }

  /** The geography around the lamps (see rebuild); skipped when a newer snapshot has come meanwhile. */
  private drawOutlines(generation: number): void {
    const map = this.map;
    if (!map || generation !== this.generation) return;
    this.geo = geography(this.store);
    (map.getSource('cells') as GeoJSONSource).setData(this.geo.cells);
    (map.getSource('townships') as GeoJSONSource).setData(this.geo.townships);
    (map.getSource('lines') as GeoJSONSource).setData(this.geo.lines);
    this.labels!.show(this.geo.villageLabels, this.geo.townshipLabels, !!this.actions.onTownship);
  }

  private finishDrawing(): void {
    this.drawing = false;
    if (this.snapshotAt !== null) {
      this.firstDrawMs = performance.now() - this.snapshotAt;
      performance.mark('gd-drawn');
      this.drawStats.fromEpochMs = performance.timeOrigin + this.snapshotAt;
    }
    this.snapshotAt = null;
    this.actions.onDrawn?.();
  }

  /** Townships with no geography as village boxes: the whole panel when nothing else is drawn, else a strip below the map. */
  private buildBoxes(townships: string[], mapped: boolean): void {
    this.boxes = null;
    this.container.classList.toggle('boxes-only', townships.length > 0 && !mapped);
    this.container.classList.toggle('boxes-strip', townships.length > 0 && mapped);
    if (townships.length === 0) {
      this.boxesBox.hidden = true;
      this.boxesBox.replaceChildren();
      if (!mapped) this.showEmpty();
      return;
    }
    this.boxesBox.hidden = false;
    this.boxes = new VillageBoxes(this.store, !!this.actions.onTownship);
    const root = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    root.setAttribute('class', 'map-svg');
    root.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    root.setAttribute('role', 'img');
    root.setAttribute('aria-label', '无智能路灯的乡镇，按村显示事件');
    const box = this.boxesBox.getBoundingClientRect();
    const panelHeight = box.width > 0 && box.height > 0 ? (WIDTH * box.height) / box.width : WIDTH * 0.7;
    const height = this.boxes.build(root, townships, 0, panelHeight);
    root.setAttribute('viewBox', `0 0 ${WIDTH} ${Math.ceil(height)}`);
    this.boxesBox.replaceChildren(root);
    keepTextReadable(root, this.boxesBox, height);
    this.updateIncidentCounts();
  }

  private showEmpty(): void {
    setText(this.note, '暂无网格数据');
    this.note.hidden = false;
  }

  private legend(): HTMLElement {
    const states: LampState[] = ['lit', 'off', 'faulty', 'offline', 'leak'];
    const dot = (colour: string) => {
      const i = el('i');
      i.style.background = colour;
      return i;
    };
    return el('div', { class: 'map-legend' },
      ...states.map((s) => el('span', { class: `legend-item s-${s}` }, dot(lampStateColours[s]), lampStateLabels[s])),
      el('span', { class: 'legend-item incident' }, dot(severityColours.Major), '事件'),
      el('span', { class: 'legend-item responder' }, el('i'), '处置人员'));
  }

  /** True from a snapshot until its lamps are first drawn. */
  get building(): boolean {
    return this.drawing;
  }

  /** Recolours the given lamps within a budget; returns the ids left for the next update. */
  updateLamps(ids: Set<string>, budgetMs: number, maxLamps = Infinity): string[] {
    return this.lamps?.update(ids, budgetMs, maxLamps) ?? [];
  }

  updateResponders(): void {
    this.responders?.update();
  }

  /** Open incidents: the counts of the village boxes (townships without geography) now, the pins on the next beat. */
  updateIncidentCounts(): void {
    this.incidentsDue = true;
    this.boxes?.updateIncidentCounts();
  }

  private onBeat(bright: boolean): void {
    if (this.incidentsDue) {
      this.incidentsDue = false;
      this.incidents?.update();
    }
    this.lamps?.beat(bright);
  }

  /** 回放 starts: the replayed picture is drawn over the dimmed live lamps (false: no map to draw it on). */
  startPlayback(): boolean {
    const map = this.map;
    if (!map || !this.loaded) return false;
    this.playback ??= new PlaybackLayer(map, this.container, this.lamps!, (id) => {
      const l = this.store.lamps.get(id);
      return l && hasPosition(l) ? [l.lon, l.lat] : null;
    });
    this.playback.start();
    return true;
  }

  drawPlayback(frame: PlaybackFrame): void {
    this.playback?.draw(frame);
  }

  /** 退出回放: the live picture again, as the store has it now. */
  stopPlayback(): void {
    this.playback?.stop();
  }

  /** Rings a spot on the map (a lamp's alarm row, a responder's row) and brings it into view. */
  highlight(lat: number | null, lon: number | null): void {
    const map = this.map;
    if (!map || !this.loaded || lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return;
    const marker = this.marker ?? new maplibregl.Marker({ element: el('div', { class: 'map-marker', 'aria-hidden': 'true' }) });
    this.marker = marker;
    marker.setLngLat([lon, lat]).addTo(map);
    const node = marker.getElement();
    node.classList.remove('pulse');
    void node.offsetWidth;
    node.classList.add('pulse');
    if (!map.getBounds().contains([lon, lat])) map.easeTo({ center: [lon, lat], duration: 600 });
  }

  /** A search result: the map flies there; a lamp's drawer opens, a person's card pops up. */
  go(found: Found): void {
    const map = this.map;
    if (!map || !this.loaded) return;
    this.popup?.remove();
    if (found.kind === 'lamp') {
      const l = this.store.lamps.get(found.id);
      if (l && hasPosition(l)) {
        map.flyTo({ center: [l.lon, l.lat], zoom: Math.max(map.getZoom(), 17), duration: 1200, essential: true });
        this.highlight(l.lat, l.lon);
      }
      this.actions.onLampFound?.(found.id);
    } else if (found.kind === 'responder') {
      const r = this.store.responders.get(found.id);
      if (!r || r.lat === null || r.lon === null) return;
      map.flyTo({ center: [r.lon, r.lat], zoom: Math.max(map.getZoom(), 16), duration: 1200, essential: true });
      this.popup = new maplibregl.Popup({ closeButton: true, offset: 14, className: 'responder-popup' })
        .setLngLat([r.lon, r.lat])
        .setDOMContent(el('div', { 'data-testid': 'responder-popup', 'data-responder-id': r.id },
          el('b', {}, r.name), el('div', {}, `${responderStatusLabel(r.status)} · 任务 ${r.load}/${r.capacity}`),
          el('div', { class: 'num' }, `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}`)))
        .addTo(map);
    } else {
      const points: [number, number][] = [];
      if (found.kind === 'street') {
        const [township, street] = [found.id.slice(0, found.id.indexOf('/')), found.id.slice(found.id.indexOf('/') + 1)];
        for (const l of this.store.lamps.values()) if (l.township === township && hasPosition(l) && streetOf(l)?.street === street) points.push([l.lon, l.lat]);
      } else {
        const cell = this.geo?.cells.features.find((f) => f.properties?.key === found.id);
        for (const p of cell?.geometry.coordinates[0] ?? []) points.push([p[0]!, p[1]!]);
      }
      const b = boundsOf(points);
      if (b) map.fitBounds(b, { padding: 60, maxZoom: 17, duration: 1200 });
    }
  }

  /** The features of MapLibre's own layers under the pointer (the lamps are found by `lampNear`). */
  private hit(e: MapMouseEvent, layers: string[]) {
    const map = this.map!;
    const { x, y } = e.point;
    return map.queryRenderedFeatures([[x - HIT_PX, y - HIT_PX], [x + HIT_PX, y + HIT_PX]], { layers: layers.filter((l) => map.getLayer(l)) });
  }

  private onClick(e: MapMouseEvent): void {
    // a pin is drawn over the lamps, and a lamp over its township
    const [pin] = this.hit(e, [INCIDENT_LAYER]);
    const lamp = pin ? undefined : this.lamps?.lampNear(e.point.x, e.point.y, HIT_PX);
    const [township] = pin || lamp ? [] : this.hit(e, ['township-fill']);
    if (this.actions.onTownship) {
      const id = (pin ?? township)?.properties?.township as string | undefined ?? (lamp ? this.store.lamps.get(lamp)?.township : undefined);
      if (id) this.actions.onTownship(id);
    } else if (pin) {
      this.actions.onIncident?.((pin.properties as Record<string, string>).id!);
    } else if (lamp) {
      this.actions.onLamp?.(lamp);
    }
  }

  private onHover(e: MapMouseEvent): void {
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const features = this.hit(e, [INCIDENT_LAYER, 'cell-fill']);
      const idOf = (layer: string, key = 'id') => (features.find((f) => f.layer.id === layer)?.properties as Record<string, string> | undefined)?.[key];
      // the lamp first (its road and pole), then an incident pinned on it; a cell only when nothing else is there
      const lamp = this.lamps?.lampNear(e.point.x, e.point.y, HIT_PX), incident = idOf(INCIDENT_LAYER), cell = idOf('cell-fill', 'key');
      const what: Hovered[] = [];
      if (lamp) what.push({ kind: 'lamp', id: lamp });
      if (incident) what.push({ kind: 'incident', id: incident });
      if (what.length === 0 && cell) what.push({ kind: 'cell', id: cell });
      this.map!.getCanvas().style.cursor = lamp || incident ? 'pointer' : '';
      this.tooltip.show(what, e.point.x, e.point.y);
    });
  }

  private hoverResponder(id: string | null, e: MouseEvent): void {
    const box = this.container.getBoundingClientRect();
    this.tooltip.show(id ? [{ kind: 'responder', id }] : [], e.clientX - box.left, e.clientY - box.top);
  }

  /** What the browser tests read of the canvas (window.gdMap). */
  private testHook() {
    const view = this;
    return {
      get loaded(): boolean { return view.loaded && !view.drawing; },
      get firstDrawMs(): number | null { return view.firstDrawMs; },
      renderedLampCount: (): number => view.lamps?.renderedCount() ?? 0,
      /** A lon/lat as a point in the page (CSS pixels), e.g. to click a lamp. */
      project: (lon: number, lat: number): [number, number] | null => {
        if (!view.map) return null;
        const p = view.map.project([lon, lat]);
        const box = view.canvasBox.getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
      },
      /** Centres the map on a lamp at a close zoom; resolves to its point in the page once drawn (null: no such lamp). */
      showLamp: (id: string): Promise<[number, number] | null> => {
        const map = view.map;
        const l = view.store.lamps.get(id);
        if (!map || !l || !hasPosition(l)) return Promise.resolve(null);
        map.jumpTo({ center: [l.lon, l.lat], zoom: 18 });
        const at = (): [number, number] => {
          const p = map.project([l.lon, l.lat]);
          const box = view.canvasBox.getBoundingClientRect();
          return [box.left + p.x, box.top + p.y];
        };
        return new Promise((resolve) => {
          const timer = window.setTimeout(() => resolve(at()), 5_000);
          map.once('idle', () => {
            clearTimeout(timer);
            resolve(at());
          });
          map.triggerRepaint();
        });
      },
      centre: (): [number, number] | null => (view.map ? view.map.getCenter().toArray() as [number, number] : null),
      /** Shows a spot at a zoom; resolves once the map is idle there (its tiles in, or failed). */
      view: (lon: number, lat: number, zoom: number): Promise<void> => {
        const map = view.map;
        if (!map) return Promise.resolve();
        return new Promise((resolve) => {
          const timer = window.setTimeout(resolve, 10_000);
          map.once('idle', () => {
            clearTimeout(timer);
            resolve();
          });
          map.jumpTo({ center: [lon, lat], zoom });
        });
      },
      /** True once the operator's basemap is on the map and its tiles in view have loaded. */
      basemapLoaded: (): boolean => !!view.map?.getLayer('basemap') && view.map.isSourceLoaded(BASEMAP_SOURCE),
      /**
       * The colour [r, g, b, a] the map draws at a point of the page, read as a frame is drawn (WebGL clears the
       * buffer once the frame is shown).
       */
      pixelAt: (x: number, y: number): Promise<number[]> => {
        const map = view.map;
        if (!map) return Promise.resolve([]);
        return new Promise((resolve) => {
          map.once('render', () => {
            const canvas = map.getCanvas();
            const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
            if (!gl) return resolve([]);
            const box = canvas.getBoundingClientRect();
            const px = Math.round(((x - box.left) * canvas.width) / box.width);
            const py = Math.round(canvas.height - ((y - box.top) * canvas.height) / box.height);
            const rgba = new Uint8Array(4);
            gl.readPixels(px, py, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
            resolve([...rgba]);
          });
          map.triggerRepaint();
        });
      },
      zoom: (): number | null => view.map?.getZoom() ?? null,
      trail: (id: string): [number, number][] => view.responders?.trails.of(id) ?? [],
      drawStats: () => ({ ...view.drawStats }),
      /** Times every frame the map draws from now on; `longFrames()` gives those of 50 ms or more (the benchmark). */
      measureFrames: (): void => {
        const m = view.map as unknown as { _render?: (t: number) => unknown } | null;
        if (!m || typeof m._render !== 'function') return;
        const render = m._render.bind(m);
        m._render = (t: number) => {
          const start = performance.now();
          try {
            return render(t);
          } finally {
            const ms = performance.now() - start;
            if (ms >= 50) view.longFrames.push(ms);
            view.frameTotals.count++;
            view.frameTotals.ms += ms;
          }
        };
      },
      longFrames: (): number[] => [...view.longFrames],
      frameTotals: () => ({ ...view.frameTotals }),
      /** The state 回放 draws a lamp in now (null: no alarm at that moment, or not replaying). */
      playbackLamp: (id: string): string | null => view.playback?.lampState(id) ?? null,
      get playing(): boolean { return view.playback?.active ?? false; },
      /** True when the live lamps are coloured by their state (not dimmed for a replay). */
      liveLampColours: (): boolean => !!view.lamps && !view.lamps.dimmed,
      lampAt: (id: string): [number, number] | null => {
        const l = view.store.lamps.get(id);
        return l && hasPosition(l) ? [l.lon, l.lat] : null;
      },
    };
  }
}

function empty(): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: [] };
}

function boundsOf(points: readonly [number, number][]): LngLatBoundsLike | null {
  if (points.length === 0) return null;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [lon, lat] of points) {
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  return [w, s, e, n];
}
