// The lamps as one MapLibre custom layer: a WebGL point per lamp, straight from typed arrays. A snapshot projects
// every lamp to Web Mercator once and uploads the positions and a state byte per lamp; a lamp whose state changes
// only rewrites its byte (bufferSubData of the changed range in the frame of the page's next beat, blink.ts). No GeoJSON source, so no worker
// cutting 100,000 features into tiles before the first draw, and nothing sent to a worker during a burst.
// Leaking lamps also get a flashing ring, drawn by the same program over the dots.
// A click or the pointer finds the nearest lamp in a coarse grid of the same positions (lamp-index.ts).
import type { LiveStore } from '../store';
import type { Lamp } from '../types';
import maplibregl, { type CustomLayerInterface, type CustomRenderMethodInput, type MapLibreMap } from './maplibre';
import { LampIndex } from './lamp-index';
import { byZoom, PointProgram, rgba, type PointStyle } from './lamp-points';
import { lampState, lampStateColours, type LampState } from './lamp-state';
import { hasPosition } from './topology';

export const LAMP_LAYER = 'lamps';

/** A state's number in the state bytes (and its row in the colour tables). */
const STATES: readonly LampState[] = ['lit', 'off', 'faulty', 'offline', 'leak'];
const CODE = new Map(STATES.map((s, i) => [s, i]));
const LEAK = CODE.get('leak')!;

/** The dots' size by zoom, in CSS pixels, as the circle layer before drew them. */
const RADIUS: readonly [number, number][] = [[8, 1.2], [12, 2.2], [15, 4], [18, 8]];
const STROKE: readonly [number, number][] = [[12, 0], [15, 1]];
const RING_RADIUS: readonly [number, number][] = [[10, 6], [16, 14]];
/** What every lamp is drawn in while 回放 shows the past over them. */
const DIMMED = '#34404f';

const table = (colour: (s: LampState) => string) => new Float32Array(STATES.flatMap((s) => rgba(colour(s))));
const FILL = table((s) => lampStateColours[s]);
const STROKE_COLOURS = table((s) => (s === 'offline' ? '#4a5b72' : s === 'leak' ? '#ffffff' : '#0b1320'));
const DIMMED_FILL = table(() => DIMMED);
const RING_FILL = table(() => 'rgba(255, 31, 61, 0.35)');
const RING_STROKE = table(() => '#ff1f3d');

interface Gl {
  gl: WebGL2RenderingContext;
  program: PointProgram;
  positions: WebGLBuffer;
  states: WebGLBuffer;
  lamps: WebGLVertexArrayObject;
  ringPositions: WebGLBuffer;
  ringStates: WebGLBuffer;
  rings: WebGLVertexArrayObject;
}

export class LampLayer implements CustomLayerInterface {
  readonly id = LAMP_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;

  /** Lamp ids by slot, and slots by id. */
  private ids: string[] = [];
  private readonly slots = new Map<string, number>();
  /** Per slot: where the lamp was when sent (lon, lat: a move is noticed), its Mercator x, y, and its state's number. */
  private lonLat = new Float64Array(0);
  private xy = new Float64Array(0);
  private codes = new Uint8Array(0);
  /** The Mercator point the uploaded positions are relative to (float32 offsets keep a lamp steady at close zoom). */
  private origin: [number, number] = [0, 0];
  private index: LampIndex | null = null;
  private readonly leaks = new Set<number>();

  private glState: Gl | null = null;
  /** What the next frame uploads: everything, or the changed range of state bytes, or the rings. */
  private uploadAll = false;
  private dirtyFrom = Infinity;
  private dirtyTo = -1;
  private ringsChanged = false;
  private ringCount = 0;

  /** Counts the data sets sent; `drawnVersion` is the one last on the canvas. */
  private version = 0;
  private drawnVersion = -1;
  private readonly onDrawn: (() => void)[] = [];
  private dimmedNow = false;
  private ringsOn = true;
  /** Lamps recoloured since the last frame: repainted on the page's next beat. */
  private recoloured = false;

  constructor(private readonly map: MapLibreMap, private readonly store: LiveStore) {
    map.addLayer(this);
  }

  /**
   * The page's beat (blink.ts), in its bright or dim half: the leak rings follow it, and lamps recoloured since the last
   * beat are painted in the same frame. Under reduced motion every beat is bright: steady rings, no repaint for them.
   */
  beat(bright: boolean): void {
    const ringsChange = bright !== this.ringsOn && this.leaks.size > 0 && !this.dimmedNow;
    this.ringsOn = bright;
    if (!ringsChange && !this.recoloured) return;
    this.recoloured = false;
    this.map.triggerRepaint();
  }

  /** Sends every lamp of the store with a position (after a snapshot, or when lamps came or went). */
  setAll(): void {
    const lamps: Lamp[] = [];
    for (const l of this.store.lamps.values()) if (hasPosition(l)) lamps.push(l);
    const n = lamps.length;
    this.ids = new Array<string>(n);
    this.slots.clear();
    this.leaks.clear();
    this.lonLat = new Float64Array(2 * n);
    this.xy = new Float64Array(2 * n);
    this.codes = new Uint8Array(n);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      const l = lamps[i]!;
      this.ids[i] = l.id;
      this.slots.set(l.id, i);
      this.lonLat[2 * i] = l.lon;
      this.lonLat[2 * i + 1] = l.lat;
      const m = maplibregl.MercatorCoordinate.fromLngLat({ lng: l.lon, lat: l.lat });
      this.xy[2 * i] = m.x;
      this.xy[2 * i + 1] = m.y;
      x0 = Math.min(x0, m.x); x1 = Math.max(x1, m.x); y0 = Math.min(y0, m.y); y1 = Math.max(y1, m.y);
      const code = CODE.get(lampState(l))!;
      this.codes[i] = code;
      if (code === LEAK) this.leaks.add(i);
    }
    this.origin = n > 0 ? [(x0 + x1) / 2, (y0 + y1) / 2] : [0, 0];
    this.index = null;
    this.uploadAll = true;
    this.ringsChanged = true;
    this.version++;
    this.map.triggerRepaint();
  }

  /**
   * Recolours the given lamps within `budgetMs` and at most `max` of them; returns the ids left for the next
   * update. A lamp that is new, gone or moved sends them all again (once, for all of them).
   */
  update(ids: Set<string>, budgetMs: number, max = Infinity): string[] {
    const start = performance.now();
    const left: string[] = [];
    let n = 0;
    let over = false;
    let reshape = false;
    let changed = false;
    for (const id of ids) {
      if (over || ++n > max || ((n & 1023) === 0 && performance.now() - start > budgetMs)) {
        over = true;
        left.push(id);
        continue;
      }
      const lamp: Lamp | undefined = this.store.lamps.get(id);
      const slot = this.slots.get(id);
      if (!lamp || !hasPosition(lamp) || slot === undefined) {
        if (slot !== undefined || (lamp && hasPosition(lamp))) reshape = true;
        continue;
      }
      if (lamp.lon !== this.lonLat[2 * slot] || lamp.lat !== this.lonLat[2 * slot + 1]) {
        reshape = true;
        continue;
      }
      const code = CODE.get(lampState(lamp))!;
      if (code === this.codes[slot]) continue;
      if ((code === LEAK) !== (this.codes[slot] === LEAK)) {
        if (code === LEAK) this.leaks.add(slot);
        else this.leaks.delete(slot);
        this.ringsChanged = true;
      }
      this.codes[slot] = code;
      this.dirtyFrom = Math.min(this.dirtyFrom, slot);
      this.dirtyTo = Math.max(this.dirtyTo, slot);
      changed = true;
    }
    if (reshape) this.setAll();
    else if (changed) this.recoloured = true;
    return left;
  }

  /** 回放: every lamp in one grey and no rings (true), or coloured by its state again (false). */
  dim(on: boolean): void {
    this.dimmedNow = on;
    this.map.triggerRepaint();
  }

  get dimmed(): boolean {
    return this.dimmedNow;
  }

  /** Runs `then` once the lamps sent last are on the canvas (right away if they are). */
  whenDrawn(then: () => void): void {
    if (this.drawnVersion === this.version) then();
    else this.onDrawn.push(then);
  }

  /** The lamp drawn nearest a point of the canvas (CSS pixels), if one is within `slackPx` of its dot's edge. */
  lampNear(x: number, y: number, slackPx: number): string | undefined {
    if (this.ids.length === 0) return undefined;
    const zoom = this.map.getZoom();
    const at = maplibregl.MercatorCoordinate.fromLngLat(this.map.unproject([x, y]));
    // MapLibre's world is 512 pixels wide at zoom 0
    const radius = (slackPx + byZoom(zoom, RADIUS) + byZoom(zoom, STROKE)) / (512 * 2 ** zoom);
    this.index ??= new LampIndex(this.xy, this.ids.length);
    const slot = this.index.nearest(at.x, at.y, radius);
    return slot < 0 ? undefined : this.ids[slot];
  }

  /** How many lamps are drawn on the canvas now (those in view, once the data sent last is drawn): the test hook. */
  renderedCount(): number {
    if (this.drawnVersion !== this.version) return 0;
    const b = this.map.getBounds();
    const nw = maplibregl.MercatorCoordinate.fromLngLat(b.getNorthWest());
    const se = maplibregl.MercatorCoordinate.fromLngLat(b.getSouthEast());
    let count = 0;
    for (let i = 0; i < this.ids.length; i++) {
      const x = this.xy[2 * i]!, y = this.xy[2 * i + 1]!;
      if (x >= nw.x && x <= se.x && y >= nw.y && y <= se.y) count++;
    }
    return count;
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const g = this.resources(gl);
    this.upload(g);
    const count = this.ids.length;
    if (count > 0) {
      const zoom = this.map.getZoom();
      const px = this.map.getPixelRatio();
      const matrix = relativeTo(options.defaultProjectionData.mainMatrix, this.origin);
      g.program.draw(g.lamps, count, matrix, {
        radius: byZoom(zoom, RADIUS) * px, strokeWidth: byZoom(zoom, STROKE) * px, opacity: 1,
        fill: this.dimmedNow ? DIMMED_FILL : FILL, stroke: STROKE_COLOURS,
      });
      if (this.ringCount > 0 && !this.dimmedNow) {
        const ring: PointStyle = { radius: byZoom(zoom, RING_RADIUS) * px, strokeWidth: 2 * px, opacity: this.ringsOn ? 1 : 0.15,
          fill: RING_FILL, stroke: RING_STROKE };
        g.program.draw(g.rings, this.ringCount, matrix, ring);
      }
    }
    if (this.drawnVersion !== this.version) {
      this.drawnVersion = this.version;
      // after this frame, not inside MapLibre's render
      const waiting = this.onDrawn.splice(0);
      if (waiting.length > 0) window.setTimeout(() => waiting.forEach((then) => then()), 0);
    }
  }

  /** The program and buffers, made on the first frame (and again on a new context, after a lost one). */
  private resources(gl: WebGL2RenderingContext): Gl {
    if (this.glState?.gl === gl) return this.glState;
    const vao = (positions: WebGLBuffer, states: WebGLBuffer) => {
      const v = gl.createVertexArray();
      gl.bindVertexArray(v);
      gl.bindBuffer(gl.ARRAY_BUFFER, positions);
      gl.enableVertexAttribArray(0);
      gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, states);
      gl.enableVertexAttribArray(1);
      gl.vertexAttribPointer(1, 1, gl.UNSIGNED_BYTE, false, 0, 0);
      gl.bindVertexArray(null);
      return v;
    };
    const positions = gl.createBuffer(), states = gl.createBuffer(), ringPositions = gl.createBuffer(), ringStates = gl.createBuffer();
    this.glState = {
      gl, program: new PointProgram(gl), positions, states, lamps: vao(positions, states),
      ringPositions, ringStates, rings: vao(ringPositions, ringStates),
    };
    this.uploadAll = true;
    this.ringsChanged = true;
    return this.glState;
  }

  private upload(g: Gl): void {
    const gl = g.gl;
    if (this.uploadAll) {
      const n = this.ids.length;
      const offsets = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i += 2) {
        offsets[i] = this.xy[i]! - this.origin[0];
        offsets[i + 1] = this.xy[i + 1]! - this.origin[1];
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, g.positions);
      gl.bufferData(gl.ARRAY_BUFFER, offsets, gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, g.states);
      gl.bufferData(gl.ARRAY_BUFFER, this.codes, gl.DYNAMIC_DRAW);
      this.uploadAll = false;
      this.dirtyFrom = Infinity;
      this.dirtyTo = -1;
    } else if (this.dirtyTo >= this.dirtyFrom) {
      gl.bindBuffer(gl.ARRAY_BUFFER, g.states);
      gl.bufferSubData(gl.ARRAY_BUFFER, this.dirtyFrom, this.codes, this.dirtyFrom, this.dirtyTo - this.dirtyFrom + 1);
      this.dirtyFrom = Infinity;
      this.dirtyTo = -1;
    }
    if (this.ringsChanged) {
      const rings = new Float32Array(2 * this.leaks.size);
      let i = 0;
      for (const slot of this.leaks) {
        rings[i++] = this.xy[2 * slot]! - this.origin[0];
        rings[i++] = this.xy[2 * slot + 1]! - this.origin[1];
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, g.ringPositions);
      gl.bufferData(gl.ARRAY_BUFFER, rings, gl.DYNAMIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, g.ringStates);
      gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(this.leaks.size), gl.DYNAMIC_DRAW);
      this.ringCount = this.leaks.size;
      this.ringsChanged = false;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  }

  onRemove(_map: MapLibreMap, gl: WebGL2RenderingContext): void {
    const g = this.glState;
    if (!g || g.gl !== gl) return;
    g.program.dispose();
    for (const b of [g.positions, g.states, g.ringPositions, g.ringStates]) gl.deleteBuffer(b);
    gl.deleteVertexArray(g.lamps);
    gl.deleteVertexArray(g.rings);
    this.glState = null;
  }
}

/** The map's matrix for Mercator 0..1 with the origin moved to `origin` (in float64, before it becomes float32). */
function relativeTo(m: ArrayLike<number>, [ox, oy]: [number, number]): Float32Array {
  const out = Float32Array.from(m as ArrayLike<number>);
  for (let r = 0; r < 4; r++) out[12 + r] = m[r]! * ox + m[4 + r]! * oy + m[12 + r]!;
  return out;
}
