/**
 * The instances of detection's module handed from one stage's kernels to the next
 * (kernel-instances.ts): one given back serves the next take of the same module, its bytes zero
 * as a new memory's, grown when too small; a take never gets an instance another holder has; and
 * an extraction gives the same catalog on reused, dirty memories as on new ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectModuleBytes, levelKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { extract } from '../../../src/core/extract/extract.js';
import { dropKernelInstances, giveKernelInstance, relayKernelInstance, takeKernelInstance } from '../../../src/core/extract/kernel-instances.js';
import { wasmApi } from '../../../src/core/wasm/index.js';
import { addGaussian, skyImage } from './helpers.js';

/** A module of its own (the pool tells modules apart): detection's, compiled anew. */
function freshModule(): object {
  return new (wasmApi()!.Module)(detectModuleBytes());
}

/** Whether bytes [0, n) of `buffer` are all zero. */
function zeroTo(buffer: ArrayBuffer, n: number): boolean {
  return new Uint8Array(buffer, 0, n).every((b) => b === 0);
}

describe('kernel instances', () => {
  beforeEach(() => dropKernelInstances());
  afterEach(() => dropKernelInstances());

  it('serves a take with the instance given back, its bytes zeroed, and grows it when too small', () => {
    const mod = freshModule();
    const a = takeKernelInstance(mod, 100_000);
    expect(a.memory.buffer.byteLength).toBeGreaterThanOrEqual(100_000);
    expect(zeroTo(a.memory.buffer, 100_000)).toBe(true);
    new Uint8Array(a.memory.buffer, 0, 100_000).fill(0xa5);
    giveKernelInstance(a);
    const b = takeKernelInstance(mod, 60_000);
    expect(b).toBe(a);
    expect(zeroTo(b.memory.buffer, 60_000)).toBe(true);
    // (what the new holder did not ask for may still be the old holder's: not read by it)
    new Uint8Array(b.memory.buffer, 0, 60_000).fill(0x5a);
    giveKernelInstance(b);
    const c = takeKernelInstance(mod, 3 << 20);
    expect(c).toBe(a);
    expect(c.memory.buffer.byteLength).toBeGreaterThanOrEqual(3 << 20);
    expect(zeroTo(c.memory.buffer, 3 << 20)).toBe(true);
  });

  it('relays a holder\'s larger layout in the memory it holds, and zeroes that layout for the next take', () => {
    const mod = freshModule();
    // 100,000 bytes asked for: a memory of two pages (131,072), the rest of which the holder may lay out again
    const a = takeKernelInstance(mod, 100_000);
    expect(a.memory.buffer.byteLength).toBe(131_072);
    new Uint8Array(a.memory.buffer, 0, 100_000).fill(0xa5);
    expect(relayKernelInstance(a, 120_000)).toBe(true);
    expect(zeroTo(a.memory.buffer, 120_000)).toBe(true);
    // the new layout written past the bytes first asked for
    new Uint8Array(a.memory.buffer, 0, 120_000).fill(0x5a);
    // (no room: the holder takes a larger instance instead)
    expect(relayKernelInstance(a, 140_000)).toBe(false);
    giveKernelInstance(a);
    const b = takeKernelInstance(mod, 125_000);
    expect(b).toBe(a);
    expect(zeroTo(b.memory.buffer, 125_000)).toBe(true);
  });

  it('never hands out an instance that is held, nor one of another module', () => {
    const mod = freshModule();
    const a = takeKernelInstance(mod, 1000);
    const b = takeKernelInstance(mod, 1000);
    expect(b).not.toBe(a);
    expect(b.memory).not.toBe(a.memory);
    giveKernelInstance(a);
    giveKernelInstance(a);
    const c = takeKernelInstance(freshModule(), 1000);
    expect(c).not.toBe(a);
    expect(takeKernelInstance(mod, 1000)).toBe(a);
    // given back twice, handed out once
    expect(takeKernelInstance(mod, 1000)).not.toBe(a);
  });

  it('keeps two (the largest), picks the smallest that fits, and lets a very large memory go', () => {
    const mod = freshModule();
    const small = takeKernelInstance(mod, 1 << 16);
    const medium = takeKernelInstance(mod, 4 << 16);
    const large = takeKernelInstance(mod, 16 << 16);
    giveKernelInstance(large);
    giveKernelInstance(small);
    giveKernelInstance(medium);
    expect(takeKernelInstance(mod, 1 << 16)).toBe(medium);
    expect(takeKernelInstance(mod, 1 << 16)).toBe(large);
    expect(takeKernelInstance(mod, 1 << 16)).not.toBe(small);
    // (its pages never touched: no resident memory)
    const huge = takeKernelInstance(mod, (64 << 20) + 1);
    giveKernelInstance(huge);
    expect(takeKernelInstance(mod, 1 << 16)).not.toBe(huge);
  });

  it('deblending kernels take an instance again after their release', () => {
    setDetectWasm('on');
    try {
      const k = levelKernels();
      expect(k).toBeDefined();
      if (!k) return;
      // a 3 × 2 box of six pixels above 10, one object
      const bw = 3;
      const map = new Int32Array((bw + 2) * 4).fill(-1);
      for (let i = 0; i < 6; i++) map[(Math.floor(i / 3) + 1) * (bw + 2) + (i % 3) + 1] = i;
      const cd = Float32Array.of(20, 30, 20, 25, 40, 25);
      const scan = (): number[] => {
        k.load(cd, 0, 6, map, map.length, bw);
        const n = k.scan(0, bw, 0, 1, 10);
        return [n, k.out[0], k.out[1]];
      };
      const before = scan();
      expect(before[0]).toBe(1);
      expect(before[2]).toBe(6);
      k.release();
      // its memory, given back, is another holder's now, which writes over it
      const other = levelKernels()!;
      other.load(Float32Array.from({ length: 500 }, (_, i) => i), 0, 500, new Int32Array(600).fill(7), 600, 20);
      expect(scan()).toEqual(before);
      other.release();
    } finally {
      setDetectWasm('auto');
    }
  });

  it('extracts the same catalog on reused memories, dirty from a larger image, as on new ones', () => {
    setDetectWasm('on');
    try {
      const field = (w: number, h: number, seed: number): Float32Array => {
        const img = skyImage(w, h, 100, 5, seed);
        for (let i = 0; i < 40; i++) addGaussian(img, w, h, 5 + ((i * 37) % (w - 10)), 5 + ((i * 53) % (h - 10)), 2000 + 300 * i, 1.5 + (i % 3) * 0.4);
        return img;
      };
      const small = field(200, 150, 3);
      const large = field(420, 380, 4);
      dropKernelInstances();
      const fresh = extract(small, 200, 150, { gain: 2 });
      expect(fresh.sources.length).toBeGreaterThan(20);
      extract(large, 420, 380, { gain: 2 });
      const reused = extract(small, 200, 150, { gain: 2 });
      expect(JSON.stringify(reused)).toBe(JSON.stringify(fresh));
    } finally {
      setDetectWasm('auto');
    }
  });
});

