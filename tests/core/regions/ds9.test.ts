import { describe, expect, it } from 'vitest';
import { formatRegions, parseRegions, RegionError, regionToPixels, skyOffset, sourcesToRegions } from '../../../src/core/regions/index.js';
import { angularSeparation, positionAngle } from '../../../src/core/coords/index.js';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { tanHeader } from '../../helpers/tan-header.js';

const wcs = parseWcs(headerFromRecord(tanHeader(150.1, 2.2, 200, 100, 0.4)))!;

describe('DS9 region text', () => {
  it('writes image regions 1-based (our pixels are 0-based) with labels', () => {
    const text = formatRegions({
      system: 'image',
      regions: [
        { shape: 'ellipse', x: 0, y: 9, a: 3, b: 1.5, angle: 30, text: '7' },
        { shape: 'circle', x: 10.25, y: 20, r: 4 },
        { shape: 'point', x: 1, y: 2, color: 'red' },
        { shape: 'box', x: 5, y: 6, width: 8, height: 2, angle: 0 },
        { shape: 'polygon', points: [[0, 0], [10, 0], [10, 10]] },
      ],
    });
    expect(text).toBe(
      [
        '# Region file format: DS9 version 4.1',
        'global color=green width=1',
        'image',
        'ellipse(1,10,3,1.5,30) # text={7}',
        'circle(11.25,21,4)',
        'point(2,3) # color=red',
        'box(6,7,8,2,0)',
        'polygon(1,1,11,1,11,11)',
        '',
      ].join('\n'),
    );
    expect(parseRegions(text)).toEqual([
      { shape: 'ellipse', x: 0, y: 9, a: 3, b: 1.5, angle: 30, text: '7', system: 'image' },
      { shape: 'circle', x: 10.25, y: 20, r: 4, system: 'image' },
      { shape: 'point', x: 1, y: 2, color: 'red', system: 'image' },
      { shape: 'box', x: 5, y: 6, width: 8, height: 2, angle: 0, system: 'image' },
      { shape: 'polygon', points: [[0, 0], [10, 0], [10, 10]], system: 'image' },
    ]);
  });

  it('writes sky regions in degrees with sizes in arcseconds and reads them back', () => {
    const text = formatRegions({ system: 'icrs', regions: [{ shape: 'circle', x: 150.1234567, y: -2.5, r: 1.5 }] });
    expect(text.split('\n')[2]).toBe('icrs');
    expect(text.split('\n')[3]).toBe('circle(150.1234567,-2.5,1.5")');
    expect(parseRegions(text)).toEqual([{ shape: 'circle', x: 150.1234567, y: -2.5, r: 1.5, system: 'icrs' }]);
  });

  it("reads what DS9 writes: sexagesimal fk5, ' and d sizes, exclusions, several shapes on a line", () => {
    const file = [
      '# Region file format: DS9 version 4.1',
      'global color=green dashlist=8 3 width=1 font="helvetica 10 normal roman" select=1',
      'fk5',
      'circle(10:00:24.000,+02:12:00.00,2") # color=red text={M 1}',
      "ellipse(150.1,2.2,0.5',6\",45)",
      '-box(150.1,2.2,0.001d,0.002,10);point(150,2) # point=x',
      'image',
      'circle(100,50,5)',
    ].join('\n');
    const r = parseRegions(file);
    expect(r).toHaveLength(5);
    expect(r[0]).toMatchObject({ shape: 'circle', r: 2, color: 'red', text: 'M 1', system: 'fk5' });
    expect((r[0] as { x: number }).x).toBeCloseTo(150.1, 9);
    expect((r[0] as { y: number }).y).toBeCloseTo(2.2, 9);
    expect(r[1]).toEqual({ shape: 'ellipse', x: 150.1, y: 2.2, a: 30, b: 6, angle: 45, system: 'fk5' });
    expect(r[2]).toMatchObject({ shape: 'box', angle: 10, system: 'fk5' });
    expect((r[2] as { width: number }).width).toBeCloseTo(3.6, 9);
    expect((r[2] as { height: number }).height).toBeCloseTo(7.2, 9);
    expect(r[3]).toEqual({ shape: 'point', x: 150, y: 2, system: 'fk5' });
    expect(r[4]).toEqual({ shape: 'circle', x: 99, y: 49, r: 5, system: 'image' });
  });

  it.each([
    ['circle(1,2)', 'region_syntax', 1],
    ['image\nannulus(1,2,3,4)', 'region_unsupported', 2],
    ['galactic\ncircle(1,2,3)', 'region_unsupported', 1],
    ['image\ncircle(1,2,3")', 'region_unsupported', 2],
    ['fk5\ncircle(400,2,3")', 'region_syntax', 2],
    ['fk5\ncircle(10,2,abc)', 'region_syntax', 2],
    ['polygon(1,2,3,4)', 'region_syntax', 1],
    ['hello world', 'region_syntax', 1],
  ])('rejects %j with %s at line %i', (text, code, line) => {
    let err: unknown;
    try {
      parseRegions(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegionError);
    expect((err as RegionError).code).toBe(code);
    expect((err as RegionError).line).toBe(line);
    expect((err as RegionError).message).toMatch(new RegExp(`^line ${line}: `));
  });
});

describe('sources and regions through a WCS', () => {
  it('moves a point by a distance along a position angle', () => {
    const [ra, dec] = skyOffset(150, 2, 60, 0.01);
    expect(angularSeparation(150, 2, ra, dec)).toBeCloseTo(0.01, 10);
    expect(positionAngle(150, 2, ra, dec)).toBeCloseTo(60, 6);
  });

  it('writes a source ellipse in ICRS: 0.4"/px north-up east-left keeps the angle', () => {
    const file = sourcesToRegions([{ id: 3, x: 99.5, y: 49.5, a: 3, b: 1, theta: 30 }], wcs);
    expect(file.system).toBe('icrs');
    const e = file.regions[0] as { x: number; y: number; a: number; b: number; angle: number; text: string };
    expect(e.x).toBeCloseTo(150.1, 8);
    expect(e.y).toBeCloseTo(2.2, 8);
    expect(e.a).toBeCloseTo(1.2, 4);
    expect(e.b).toBeCloseTo(0.4, 4);
    expect(e.angle).toBeCloseTo(30, 3);
    expect(e.text).toBe('3');
  });

  it('reads its own ICRS export back onto the same pixels', () => {
    const sources = [
      { id: 1, x: 20.3, y: 70.1, a: 4, b: 2, theta: -50 },
      { id: 2, x: 150, y: 10, a: 2.5, b: 2.5, theta: 120 },
    ];
    const back = parseRegions(formatRegions(sourcesToRegions(sources, wcs))).map((r) => regionToPixels(r, wcs));
    back.forEach((r, i) => {
      const s = sources[i]!;
      const e = r as { x: number; y: number; a: number; b: number; angle: number };
      expect(e.x).toBeCloseTo(s.x, 3);
      expect(e.y).toBeCloseTo(s.y, 3);
      expect(e.a).toBeCloseTo(s.a, 2);
      expect(e.b).toBeCloseTo(s.b, 2);
      // Angles agree modulo 180° (an ellipse is symmetric).
      const d = (((e.angle - s.theta) % 180) + 180) % 180;
      expect(Math.min(d, 180 - d)).toBeLessThan(0.01);
    });
  });

  it('writes image coordinates without a WCS, and a sky region needs one', () => {
    const file = sourcesToRegions([{ id: 5, x: 1, y: 2, a: 3, b: 2, theta: 10 }], null);
    expect(formatRegions(file).split('\n').slice(2, 4)).toEqual(['image', 'ellipse(2,3,3,2,10) # text={5}']);
    expect(() => regionToPixels({ shape: 'point', x: 150, y: 2, system: 'icrs' }, null)).toThrow(/needs an image with a WCS/);
    expect(regionToPixels({ shape: 'circle', x: 150.1, y: 2.2, r: 4, system: 'fk5' }, wcs)).toMatchObject({ shape: 'circle' });
    const c = regionToPixels({ shape: 'circle', x: 150.1, y: 2.2, r: 4, system: 'fk5' }, wcs) as { r: number };
    expect(c.r).toBeCloseTo(10, 3);
  });
});
