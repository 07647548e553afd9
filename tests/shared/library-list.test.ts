import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { libraryColumnsSchema } from '../../src/shared/domain.js';
import { decodeLibraryList, encodeLibraryList, MalformedLibraryList, NO_LIBRARY_ROWS, type LibraryColumns, type LibraryRow } from '../../src/shared/library-list.js';

const row = (id: number, over: Partial<LibraryRow> = {}): LibraryRow => ({
  id,
  name: `img-${id}.fits`,
  status: 'extracted',
  sources: 12,
  error: null,
  object: 'M31',
  dateObs: '2026-09-01T20:00:00.000',
  filter: 'R',
  width: 64,
  kind: 'raw',
  frameType: 'light',
  calibWait: null,
  ...over,
});

/** Through the wire as the host sends it (JSON) and back. */
const roundTrip = (rows: readonly LibraryRow[]): LibraryRow[] => decodeLibraryList(JSON.parse(JSON.stringify(encodeLibraryList(rows))) as LibraryColumns);

describe("the library's list by columns", () => {
  it('gives back the rows it was made of, in their order, nulls, errors and waits included', () => {
    const rows = [
      row(9),
      row(3, { status: 'failed', error: { code: 'fits_error', message: 'truncated: 2880 bytes short' }, sources: null, width: null }),
      row(7, { object: null, filter: null, dateObs: null, frameType: null, kind: 'calibrated' }),
      row(2, { calibWait: 'no flat for filter R, 2×2 binning', status: 'imported', sources: null }),
      row(5, { kind: 'master', frameType: 'flat', object: 'R', filter: 'R', status: 'solving' }),
      row(1, { error: { code: 'internal', message: '' } }),
    ];
    expect(roundTrip(rows)).toEqual(rows);
    // each row an object of its own (the page adds its frame label to them)
    const decoded = roundTrip([row(1), row(1)]);
    expect(decoded[0]).not.toBe(decoded[1]);
  });

  it('codes each repeated value once', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, { object: ['M31', 'M33', null][i % 3]!, filter: ['B', 'V'][i % 2]! }));
    const c = encodeLibraryList(rows);
    expect([...c.words].sort()).toEqual(['B', 'M31', 'M33', 'V', 'extracted', 'light', 'raw'].sort());
    expect(c.object.slice(0, 3).map((i) => (i === -1 ? null : c.words[i]))).toEqual(['M31', 'M33', null]);
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('carries hostile names and values unchanged', () => {
    const hostile = [
      '"quoted", \\back\\slashed',
      '</script><script>alert(1)</script>',
      '<!-- not a comment',
      'line\u2028separator\u2029paragraph',
      'tab\tnew\nline\r',
      '\u0000nul',
      'Ωmega 🌌 ñ 中文',
      '',
      ' ',
      '-1',
      'x'.repeat(10_000),
      '__proto__',
      'constructor',
    ];
    const rows = hostile.map((name, i) =>
      row(i + 1, { name, object: name, filter: name, dateObs: i % 2 ? name : null, calibWait: name, error: { code: name, message: name } }),
    );
    expect(roundTrip(rows)).toEqual(rows);
  });

  it('lists an empty library as empty columns', () => {
    expect(encodeLibraryList([])).toEqual(NO_LIBRARY_ROWS);
    expect(roundTrip([])).toEqual([]);
    expect(libraryColumnsSchema.safeParse(NO_LIBRARY_ROWS).success).toBe(true);
  });

  it("is what the contract's schema describes", () => {
    expectTypeOf<z.infer<typeof libraryColumnsSchema>>().toEqualTypeOf<LibraryColumns>();
    const c = encodeLibraryList([row(1, { error: { code: 'c', message: 'm' }, calibWait: 'w', object: null }), row(2)]);
    expect(libraryColumnsSchema.parse(c)).toEqual(c);
  });

  it('refuses columns of unequal length, codes or rows out of range, and rows without a status', () => {
    const good = encodeLibraryList([row(1), row(2)]);
    const bad: Array<Partial<LibraryColumns>> = [
      { name: ['one'] },
      { dateObs: [null, null, null] },
      { object: [0, 99] },
      { status: [-1, 0] },
      { kind: [-1, 0] },
      { error: [[2, 'c', 'm']] },
      { calibWait: [[-1, 'w']] },
      { calibWait: [[0.5, 'w']] },
    ];
    for (const patch of bad) expect(() => decodeLibraryList({ ...good, ...patch }), JSON.stringify(patch)).toThrow(MalformedLibraryList);
    expect(() => decodeLibraryList({ ...good, width: undefined } as unknown as LibraryColumns)).toThrow(MalformedLibraryList);
  });
});
