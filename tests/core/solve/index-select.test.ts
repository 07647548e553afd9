import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDEX_HEADER_BYTES, indexFitsImage, readIndexSummary } from '../../../src/core/solve/index-select.js';
import { readIndexFile } from '../../../src/core/solve/index-file.js';
import { SolveError } from '../../../src/core/solve/errors.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/solve/${name}`, import.meta.url)));
const ARCMIN = Math.PI / (180 * 60);

describe('choosing index files by the image size', () => {
  it('reads an index summary from the primary header alone, agreeing with the full reader', () => {
    const bytes = fixture('index-synth-q4.fits');
    const full = readIndexFile(bytes, 'q4');
    const s = readIndexSummary(bytes.subarray(0, INDEX_HEADER_BYTES), 'q4');
    expect(s).toEqual({ id: full.id, dimquads: full.dimquads, scaleLow: full.scaleLow, scaleHigh: full.scaleHigh });
  });
  it('refuses a file without a quad scale range, with a code', () => {
    const catalogue = fixture('catalog.fits');
    expect(() => readIndexSummary(catalogue, 'catalog.fits')).toThrow(SolveError);
    expect(() => readIndexSummary(catalogue, 'catalog.fits')).toThrow(/catalog\.fits: SCALE_L/);
    expect(() => readIndexSummary(new Uint8Array(100), 'tiny.fits')).toThrow(/tiny\.fits/);
  });
  it('keeps an index only when its quad sizes fit between a tenth of the short side and the diagonal', () => {
    // quads of 22'–30' (Tycho-2 index 07)
    const ix = { scaleLow: 22 * ARCMIN, scaleHigh: 30 * ARCMIN };
    // 1024² at 4"/px: quads from 102 px · 4" = 6.8' to 1448 px · 4" = 96.5'
    expect(indexFitsImage(ix, 1024, 1024, 3.6, 4.4)).toBe(true);
    // at 40"/px the smallest quad (68') is beyond 30'
    expect(indexFitsImage(ix, 1024, 1024, 36, 44)).toBe(false);
    // at 0.5"/px the diagonal (12') is short of 22'
    expect(indexFitsImage(ix, 1024, 1024, 0.45, 0.55)).toBe(false);
    // blind (0.05…3600 "/px): everything fits
    expect(indexFitsImage(ix, 1024, 1024, 0.05, 3600)).toBe(true);
  });
});
