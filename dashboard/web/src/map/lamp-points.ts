// The lamps' WebGL program: one point per lamp, a round dot with an outline, its colours picked by the lamp's
// state (a byte per lamp) from small tables of uniforms. The same program draws the leak rings (bigger, all in one
// colour). Colours go out premultiplied, as MapLibre blends a custom layer's (ONE, ONE_MINUS_SRC_ALPHA).

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform float u_size;
uniform vec4 u_fill[5];
uniform vec4 u_stroke[5];
in vec2 a_pos;
in float a_state;
out vec4 v_fill;
out vec4 v_stroke;
void main() {
  int s = clamp(int(a_state + 0.5), 0, 4);
  v_fill = u_fill[s];
  v_stroke = u_stroke[s];
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
}`;

const FRAGMENT = `#version 300 es
precision highp float;
uniform float u_size;
uniform float u_radius;
uniform float u_stroke_width;
uniform float u_opacity;
in vec4 v_fill;
in vec4 v_stroke;
out vec4 fragColor;
void main() {
  float d = length(gl_PointCoord - 0.5) * u_size;
  float outer = u_radius + u_stroke_width;
  float cover = 1.0 - smoothstep(outer - 0.5, outer + 0.5, d);
  float edge = u_stroke_width > 0.0 ? smoothstep(u_radius - 0.5, u_radius + 0.5, d) : 0.0;
  vec4 c = mix(v_fill, v_stroke, edge);
  float a = c.a * cover * u_opacity;
  if (a <= 0.0) discard;
  fragColor = vec4(c.rgb * a, a);
}`;

/** What a draw call is given: sizes in the framebuffer's pixels, colours as [r, g, b, a] in 0..1 per state. */
export interface PointStyle {
  radius: number;
  strokeWidth: number;
  opacity: number;
  fill: Float32Array;
  stroke: Float32Array;
}

export class PointProgram {
  private readonly program: WebGLProgram;
  private readonly u: Record<'matrix' | 'size' | 'fill' | 'stroke' | 'radius' | 'strokeWidth' | 'opacity', WebGLUniformLocation | null>;

  constructor(private readonly gl: WebGL2RenderingContext) {
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.bindAttribLocation(program, 0, 'a_pos');
    gl.bindAttribLocation(program, 1, 'a_state');
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`lamp points: ${gl.getProgramInfoLog(program)}`);
    this.program = program;
    const at = (name: string) => gl.getUniformLocation(program, name);
    this.u = { matrix: at('u_matrix'), size: at('u_size'), fill: at('u_fill'), stroke: at('u_stroke'), radius: at('u_radius'),
      strokeWidth: at('u_stroke_width'), opacity: at('u_opacity') };
  }

  /** Draws `count` points of `vao` (attribute 0: position, 1: state) with the matrix and style given. */
  draw(vao: WebGLVertexArrayObject, count: number, matrix: Float32Array, style: PointStyle): void {
    const gl = this.gl;
    gl.useProgram(this.program);
    gl.uniformMatrix4fv(this.u.matrix, false, matrix);
    // the outline plus a pixel for the antialiased edge on each side
    gl.uniform1f(this.u.size, Math.ceil(2 * (style.radius + style.strokeWidth) + 2));
    gl.uniform1f(this.u.radius, style.radius);
    gl.uniform1f(this.u.strokeWidth, style.strokeWidth);
    gl.uniform1f(this.u.opacity, style.opacity);
    gl.uniform4fv(this.u.fill, style.fill);
    gl.uniform4fv(this.u.stroke, style.stroke);
    gl.bindVertexArray(vao);
    gl.drawArrays(gl.POINTS, 0, count);
    gl.bindVertexArray(null);
  }

  dispose(): void {
    this.gl.deleteProgram(this.program);
  }
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`lamp points: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

/** '#rrggbb' or 'rgba(r, g, b, a)' as [r, g, b, a] in 0..1. */
export function rgba(colour: string): [number, number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return [parseInt(hex[1]!, 16) / 255, parseInt(hex[2]!, 16) / 255, parseInt(hex[3]!, 16) / 255, 1];
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(colour);
  if (fn) return [Number(fn[1]) / 255, Number(fn[2]) / 255, Number(fn[3]) / 255, fn[4] === undefined ? 1 : Number(fn[4])];
  throw new Error(`not a colour: ${colour}`);
}

/** A value interpolated linearly by zoom between stops [zoom, value], held flat outside them (MapLibre's 'interpolate'). */
export function byZoom(zoom: number, stops: readonly (readonly [number, number])[]): number {
  if (zoom <= stops[0]![0]) return stops[0]![1];
  for (let i = 1; i < stops.length; i++) {
    const [z1, v1] = stops[i]!;
    if (zoom <= z1) {
      const [z0, v0] = stops[i - 1]!;
      return v0 + ((v1 - v0) * (zoom - z0)) / (z1 - z0);
    }
  }
  return stops[stops.length - 1]![1];
}
