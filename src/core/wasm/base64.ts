/**
 * Base64 (RFC 4648, standard alphabet, `=` padding) to bytes, for WebAssembly modules kept as
 * text. Our own few lines: core/ has neither Node's `Buffer` nor the DOM's typings of `atob`.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of base64 text `s` (length a multiple of 4); throws a RangeError on other characters. */
export function fromBase64(s: string): Uint8Array {
  const value = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) value[ALPHABET.charCodeAt(i)] = i;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (s.length % 4 !== 0) throw new RangeError('fromBase64: length not a multiple of 4');
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const d = c === 61 && i + j >= s.length - pad ? 0 : c < 128 ? value[c] : -1;
      if (d < 0) throw new RangeError('fromBase64: not base64');
      v = (v << 6) | d;
    }
    if (o < out.length) out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}
