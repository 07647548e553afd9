import { describe, expect, it } from 'vitest';
import { float32BigEndianInPlace, float32ImageHeader, openFits, readImage, writeFits } from '../../../src/core/fits/index.js';

describe('float32ImageHeader', () => {
  it('is the header writeFits writes: header, big-endian data and zero padding give the same file', () => {
    const data = Float32Array.from({ length: 7 * 5 }, (_, i) => i / 3 - 4);
    const header = { OBJECT: 'M 42', EXPTIME: 30, HISTORY: 'one\ntwo' };
    const whole = writeFits([{ data, shape: [7, 5], header }]);
    const head = float32ImageHeader(header, [7, 5]);
    const be = new Uint8Array(data.length * 4);
    const dv = new DataView(be.buffer);
    data.forEach((v, i) => dv.setFloat32(i * 4, v, false));
    expect(Array.from(float32BigEndianInPlace(Float32Array.from(data)))).toEqual(Array.from(be));
    const streamed = new Uint8Array(whole.length);
    streamed.set(head, 0);
    streamed.set(be, head.length);
    expect(head.length % 2880).toBe(0);
    expect(Buffer.from(streamed).equals(Buffer.from(whole))).toBe(true);
    expect(Array.from(readImage(openFits(streamed), 0).data)).toEqual(Array.from(data));
  });
});
