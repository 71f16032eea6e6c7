// The app's icons, drawn here as PNG files at build time (nothing downloaded, nothing binary in git): a
// streetlight's lamp head glowing amber on the night-blue of the handheld pages. The drawing stays inside
// the middle 80 %, so the same files serve as "maskable" icons (a phone may cut them to a circle).
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA image as a PNG file. */
export function png(size, pixel) {
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) rows.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const NIGHT = [11, 21, 38, 255];
const AMBER = [255, 176, 32, 255];
const POLE = [180, 196, 220, 255];

/** A lamp head (a half disc) on an arm of a pole, with its light falling below. */
function lamp(x, y) {
  const inside = (cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  if (x >= 0.3 && x <= 0.36 && y >= 0.24 && y <= 0.82) return POLE; // the pole
  if (y >= 0.24 && y <= 0.29 && x >= 0.3 && x <= 0.62) return POLE; // the arm
  if (inside(0.62, 0.34, 0.1) && y >= 0.34) return AMBER; // the lamp head
  const light = y > 0.44 && y < 0.82 && Math.abs(x - 0.62) < (y - 0.3) * 0.45;
  if (light) return [NIGHT[0] + 70, NIGHT[1] + 60, NIGHT[2] + 20, 255]; // its light on the road
  return NIGHT;
}

/** The icons the manifest lists, by file name. */
export function icons() {
  return { 'icons/icon-192.png': png(192, lamp), 'icons/icon-512.png': png(512, lamp) };
}
