#!/usr/bin/env node
// Draws resources/icon.png (a crescent moon with a star, 64×64 RGBA) with no image library:
// pixels computed here, written as a PNG with node:zlib.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const N = 64;
const px = Buffer.alloc(N * N * 4);
const put = (x, y, r, g, b, a) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
// 4×4 supersampling for smooth edges.
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    let moon = 0;
    let star = 0;
    let disc = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const u = x + (sx + 0.5) / 4;
        const v = y + (sy + 0.5) / 4;
        const inBg = (u - 32) ** 2 + (v - 32) ** 2 < 31 ** 2;
        const inMoon = (u - 30) ** 2 + (v - 33) ** 2 < 20 ** 2 && (u - 40) ** 2 + (v - 26) ** 2 > 17 ** 2;
        const du = Math.abs(u - 45);
        const dv = Math.abs(v - 40);
        const inStar = du * dv < 3 && du < 7 && dv < 7;
        if (inBg) disc++;
        if (inMoon) moon++;
        if (inStar) star++;
      }
    }
    const a = disc / 16;
    const m = Math.min(1, (moon + star) / 16);
    const r = Math.round(24 * (1 - m) + 235 * m);
    const g = Math.round(30 * (1 - m) + 175 * m);
    const b = Math.round(52 * (1 - m) + 70 * m);
    put(x, y, r, g, b, Math.round(255 * a));
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out}`);
