import { describe, expect, it } from 'vitest';
import { deblendDetections, detectImage, resolveOptions } from '../../../../src/core/extract/extract.js';
import { crowdedField as starField } from '../../../../src/core/synth/index.js';
import { warmUp } from '../../../../src/main/services/extract/warm-up.js';

describe('warm-up field', () => {
  it('is the same every time and crowded enough to exercise deblending', () => {
    const a = starField(128, 300);
    expect(starField(128, 300)).toEqual(a);
    const o = resolveOptions({});
    const raw = deblendDetections(detectImage(a, 128, 128, o), 128, 128, o);
    expect(raw.length).toBeGreaterThan(30);
    expect(raw.filter((r) => r.merged).length).toBeGreaterThan(10);
  });

  it('is another field for another seed (the thorough warm-up extracts several)', () => {
    const a = starField(64, 40, 1);
    expect(starField(64, 40)).toEqual(a);
    expect(starField(64, 40, 2)).toEqual(starField(64, 40, 2));
    expect(starField(64, 40, 2)).not.toEqual(a);
  });

  it('never throws, whatever the options do to a small field', () => {
    for (const o of [{ backSize: 512 }, { filter: 'none' as const, maskType: 'correct' as const }, { thresh: 1e6 }, { threshMode: 'map' as const }]) {
      expect(() => warmUp(resolveOptions({ ...o, inPlace: true }))).not.toThrow();
    }
  });
});
