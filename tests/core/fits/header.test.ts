import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Header, openFits } from '../../../src/core/fits/index.js';
import { formatCards, parseCard } from '../../../src/core/fits/card.js';

const DIR = join(__dirname, '../../fixtures/fits');

describe('header parsing', () => {
  const file = openFits(new Uint8Array(readFileSync(join(DIR, 'header.fits'))));
  const h = file.hdus[0].header;

  it('reads every value type', () => {
    expect(h.get('SIMPLE')).toBe(true);
    expect(h.get('BITPIX')).toBe(16);
    expect(h.get('NEG')).toBe(-17);
    expect(h.get('SMALL')).toBe(1.25e-12);
    expect(h.get('DEXP')).toBe(1500);
    expect(h.get('LOGIC')).toBe(false);
    expect(h.get('CPLX')).toEqual({ re: 1.5, im: -2 });
    expect(h.get('EMPTYSTR')).toBe('');
    expect(h.get('UNDEF')).toBeNull();
    expect(h.get('MISSING')).toBeUndefined();
    expect(h.has('UNDEF')).toBe(true);
  });

  it('joins CONTINUE long strings', () => {
    expect(h.get('LONGSTR')).toBe(
      "This is a long string value that needs more than one card to be stored in a FITS header, so it uses CONTINUE; its quoted.",
    );
    expect(h.cards.some((c) => c.keyword === 'CONTINUE')).toBe(true);
  });

  it('finds HIERARCH keywords with or without the prefix', () => {
    expect(h.get('ESO DET CHIP NAME')).toBe('EEV 2k');
    expect(h.get('HIERARCH ESO DET CHIP NAME')).toBe('EEV 2k');
  });

  it('keeps COMMENT/HISTORY and non-standard cards', () => {
    expect(h.get('COMMENT')).toBe('first comment\nsecond comment');
    expect(h.get('HISTORY')).toBe('made by fits-make.py');
    const log = h.cards.find((c) => c.keyword === 'ESO-LOG');
    expect(log?.value).toBeUndefined();
    expect(log?.raw).toMatch(/^ESO-LOG 000000> DATE/);
    expect(h.cards.every((c) => c.raw.length === 80)).toBe(true);
  });

  it('toRecord has the values', () => {
    const r = h.toRecord();
    expect(r.NEG).toBe(-17);
    expect(r['ESO DET CHIP NAME']).toBe('EEV 2k');
  });

  it('returns the first of duplicate keywords, like astropy', () => {
    const hh = new Header([parseCard("OBJECT  = 'first'"), parseCard("OBJECT  = 'second'")]);
    expect(hh.get('OBJECT')).toBe('first');
  });
});

describe('card parsing and formatting', () => {
  it('handles quotes, comments and odd values', () => {
    expect(parseCard("NAME    = 'O''Brien ' / who").value).toBe("O'Brien");
    expect(parseCard("NAME    = 'O''Brien ' / who").comment).toBe('who');
    expect(parseCard('X       =                 1.0E5 / c').value).toBe(100000);
    expect(parseCard('X       = 2.5d-3').value).toBe(0.0025);
    expect(parseCard('X       = not_a_number').value).toBe('not_a_number');
    expect(parseCard("X       = 'unterminated").value).toBe('unterminated');
    expect(parseCard('        just a blank-keyword comment').keyword).toBe('');
    expect(parseCard('HIERARCH ESO TEL ALT = 45.5 / deg').keyword).toBe('ESO TEL ALT');
  });

  it('formats values that parse back to themselves', () => {
    const values: Array<[string, string | number | boolean | null]> = [
      ['A', 1], ['B', -2.5], ['C', 1e-30], ['D', 123456789012], ['E', true], ['F', "it's"], ['G', null], ['H', 0.1 + 0.2],
    ];
    for (const [k, v] of values) {
      const [text] = formatCards(k, v);
      expect(text.length).toBe(80);
      expect(parseCard(text).value).toBe(v);
    }
  });
});

describe('Header.fromRecord', () => {
  it('makes raw cards and survives writing, long strings included', async () => {
    const { writeFits, readImage } = await import('../../../src/core/fits/index.js');
    const long = 'y'.repeat(200);
    const h = Header.fromRecord({ OBJECT: 'M 67', EXPTIME: 60, LONG: long });
    expect(h.cards[0].raw).toMatch(/^OBJECT  = 'M 67    '/);
    const f = openFits(writeFits([{ data: new Int16Array(4), shape: [2, 2], header: h }]));
    expect(f.hdus[0].header.get('LONG')).toBe(long);
    expect(f.hdus[0].header.get('EXPTIME')).toBe(60);
    expect(readImage(f, 0).data.length).toBe(4);
  });
});
