import { describe, expect, it } from 'vitest';
import { csvCell, csvCellNeedsGuard, csvLine, guardCsvCell, unguardCsvCell } from '../../src/shared/csv-cell.js';
import { catalogCsv } from '../../src/shared/catalog-csv.js';
import { extract } from '../../src/core/extract/index.js';
import { starField } from '../../src/core/synth/index.js';
import { parseCsv, parseCsvRows, toCsv } from '../../src/main/services/targets/csv.js';
import { rng } from '../helpers/rng.js';

describe('the formula-safe CSV cell (OWASP)', () => {
  it('guards text starting with = + - @ tab or CR, and leaves numbers and plain text alone', () => {
    for (const evil of ['=cmd|"/c calc"!A1', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")', '-', '+', '=', '-1-1', '--1', '-Infinity', '-NaN', '+-1']) {
      expect(csvCellNeedsGuard(evil), evil).toBe(true);
      expect(guardCsvCell(evil)).toBe(`'${evil}`);
    }
    for (const fine of ['', 'V1', 'SN 2026abc', '1.5', '-1.5', '+2', '-0.25e-3', '1e+21', '.5', '-.5', '10:00:28.0', "it's", 'a=b', ' =1']) {
      expect(csvCellNeedsGuard(fine), fine).toBe(false);
      expect(guardCsvCell(fine)).toBe(fine);
    }
  });

  it('quotes after guarding, and writes null, undefined and non-finite numbers as empty cells', () => {
    expect(csvCell('=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(-Infinity)).toBe('');
    expect(csvLine(['a', '@b', 3])).toBe("a,'@b,3");
  });

  it('reads back exactly what it wrote, for any text (a leading quote included)', () => {
    const u = rng(3);
    const alphabet = ["'", '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', '1', '.', 'e', 'a', ' ', '星'];
    const values: string[] = ["'=x", "''=x", "'1", "'", "''"];
    for (let k = 0; k < 3000; k++) values.push(Array.from({ length: 1 + Math.floor(u() * 6) }, () => alphabet[Math.floor(u() * alphabet.length)]).join(''));
    for (const v of values) expect(unguardCsvCell(guardCsvCell(v)), JSON.stringify(v)).toBe(v);
    // through a whole file: two cells a line (a line of one empty cell would be a blank line)
    const csv = toCsv(['v', 'w'], values.map((v) => [v, 'x']));
    expect(parseCsv(csv).slice(1).map((r) => r[0])).toEqual(values);
  });

  it('the extractor\'s catalog CSV holds only numbers and empty cells (safe by construction)', () => {
    const w = 64;
    // two stars of peak 5000 ADU (σ 1.5 px) on a flat sky of 100
    const data = starField({ width: w, height: w, sky: 100, stars: [{ x: 20, y: 20, flux: 5000 * 2 * Math.PI * 2.25 }, { x: 40, y: 45, flux: 5000 * 2 * Math.PI * 2.25 }], psf: { sigma: 1.5 } });
    const cat = extract(data, w, w);
    const csv = catalogCsv({ apertures: cat.options.apertures, sources: cat.sources });
    const cells = csv.trim().split('\n').slice(1).flatMap((l) => l.split(','));
    expect(cells.length).toBeGreaterThan(10);
    for (const c of cells) {
      expect(c).toMatch(/^(-?\d+(\.\d+)?(e[+-]?\d+)?)?$/);
      expect(csvCellNeedsGuard(c)).toBe(false);
    }
  });
});

describe('reading CSV', () => {
  it('names the line where an unterminated quote opens instead of swallowing the rest', () => {
    expect(() => parseCsv('name,ra,dec\nA,1,1\n"B,2,2\nC,3,3\nD,4,4\nE,5,5\n')).toThrow(/^line 3: a quoted field is never closed/);
    expect(() => parseCsv('name\n"a\r\nb"\n"c')).toThrow(/^line 4: /);
  });

  it('gives each row the line it starts on, with quoted line ends counted', () => {
    expect(parseCsvRows('h1,h2\r\n"a\r\nb",1\n\nc,2\n').map((r) => [r.line, r.cells])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a\r\nb', '1']],
      [5, ['c', '2']],
    ]);
  });
});
