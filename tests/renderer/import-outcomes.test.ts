import { describe, expect, it } from 'vitest';
import { importOutcomes, reasonOf } from '../../src/renderer/src/import/import-outcomes.js';

describe('importOutcomes', () => {
  it('counts a file the library already had as existing, not as added (the library grew by one, not two)', () => {
    const r = importOutcomes({
      imported: [
        { path: 'a.fits', productId: 1, created: true, name: 'a.fits', taskId: 5 },
        { path: 'a-again.fits', productId: 1, created: false, name: 'a.fits', taskId: 5 },
      ],
      errors: [{ path: 'notes.fits', code: 'fits_error', message: 'notes.fits: not a FITS file [not_fits]' }],
    }, ['notes.fits', 'a.fits', 'a-again.fits']);
    expect(r).toMatchObject({ added: 1, existing: 1, refused: 1 });
    expect(r.items.map((i) => `${i.path}:${i.kind}`)).toEqual(['notes.fits:refused', 'a.fits:new', 'a-again.fits:existing']);
    const refused = r.items[0]!;
    expect(refused.kind === 'refused' && reasonOf(refused)).toBe('not a FITS file [not_fits]');
  });
});
