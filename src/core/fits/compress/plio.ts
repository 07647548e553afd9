/**
 * PLIO_1 tiles: IRAF pixel-list line lists, decoded as cfitsio's pl_l2pi (translated from
 * IRAF's SPP). The compressed tile is an array of 16-bit big-endian words.
 */
import { FitsError } from '../errors.js';

/**
 * Decode a line list (`words`, signed 16-bit values as stored) into `npix` integer pixels.
 * Indices follow the original 1-based code, shifted to 0-based arrays.
 */
export function plioDecode(words: Int16Array, out: Int32Array, npix: number): void {
  if (npix <= 0) return;
  if (words.length < 3) throw new FitsError('bad_tile', 'PLIO_1 tile shorter than its header');
  // Old line lists have a 3-word header (length in word 3); current ones a 7-word header
  // with word 3 negative and the length split over words 4 and 5.
  let lllen: number;
  let llfirt: number;
  if (words[2] > 0) {
    lllen = words[2];
    llfirt = 4;
  } else {
    if (words.length < 5) throw new FitsError('bad_tile', 'PLIO_1 tile shorter than its header');
    lllen = (words[4] << 15) + words[3];
    llfirt = words[1] + 1;
  }
  if (lllen > words.length) throw new FitsError('bad_tile', `PLIO_1 line list claims ${lllen} words, tile has ${words.length}`);
  out.fill(0, 0, npix);
  if (lllen <= 0) return;
  const xs = 1;
  const xe = xs + npix - 1;
  let skipwd = false;
  let op = 1;
  let x1 = 1;
  let pv = 1;
  // ll[ip] in the 1-based original is words[ip - 1]; px_dst[op] is out[op - 1].
  for (let ip = Math.max(llfirt, 1); ip <= lllen; ip++) {
    if (skipwd) {
      skipwd = false;
    } else {
      const word = words[ip - 1];
      const opcode = Math.trunc(word / 4096);
      const data = word & 4095;
      switch (opcode) {
        case 0:
        case 4:
        case 5: {
          const x2 = x1 + data - 1;
          const i1 = Math.max(x1, xs);
          const i2 = Math.min(x2, xe);
          const np = i2 - i1 + 1;
          if (np > 0) {
            const otop = op + np - 1;
            if (opcode === 4) {
              out.fill(pv, op - 1, otop);
            } else {
              out.fill(0, op - 1, otop);
              if (opcode === 5 && i2 === x2) out[otop - 1] = pv;
            }
            op = otop + 1;
          }
          x1 = x2 + 1;
          break;
        }
        case 1:
          pv = ((ip < words.length ? words[ip] : 0) << 12) + data;
          skipwd = true;
          break;
        case 2:
          pv += data;
          break;
        case 3:
          pv -= data;
          break;
        case 6:
        case 7:
          if (opcode === 6) pv += data;
          else pv -= data;
          if (x1 >= xs && x1 <= xe) {
            out[op - 1] = pv;
            op++;
          }
          x1++;
          break;
        default:
          break;
      }
    }
    if (x1 > xe) break;
  }
  if (op <= npix) out.fill(0, op - 1, npix);
}
