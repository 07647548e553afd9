import { describe, expect, it } from 'vitest';
import { footprint, headerFromRecord, locate, parseWcs, WcsError, type HeaderValue } from '../../../src/core/wcs/index.js';
import { loadCases } from './cases.js';
import { rng } from '../../helpers/rng.js';


const WCS_KEY = /^(CTYPE|CRVAL|CRPIX|CDELT|CROTA|CUNIT|CD\d|PC\d|PV\d|A_|B_|AP_|BP_|LONPOLE|LATPOLE|RADE|EQUINOX|EPOCH|NAXIS|ZNAXIS|PLT|AMD|PPO|CNPIX|XPIXELSZ|YPIXELSZ)/;
const PROJ = ['TAN', 'SIN', 'ARC', 'ZEA', 'STG', 'AZP', 'CAR', 'AIT', 'TPV', 'NCP', 'ZPN', 'XYZ', '', 'TAN-SIP'];

function oddValue(r: () => number): HeaderValue {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0:
      return 0;
    case 1:
      return -1e300;
    case 2:
      return 1e300;
    case 3:
      return 'garbage';
    case 4:
      return true;
    case 5:
      return null;
    case 6:
      return { re: 1, im: 2 };
    case 7:
      return 90;
    case 8:
      return -90;
    case 9:
      return 2.5;
    case 10:
      return 1e-300;
    default:
      return (r() - 0.5) * 1000;
  }
}

describe('robustness: mutated headers never crash', () => {
  const cases = loadCases();
  it('parseWcs returns a Wcs or null, or throws WcsError; transforms never throw', () => {
    const r = rng(12345);
    let parsed = 0;
    let rejected = 0;
    for (let iter = 0; iter < 3000; iter++) {
      const c = cases[Math.floor(r() * cases.length)];
      const rec: Record<string, HeaderValue> = { ...c.header };
      const keys = Object.keys(rec).filter((k) => WCS_KEY.test(k));
      const nMut = 1 + Math.floor(r() * 3);
      for (let m = 0; m < nMut && keys.length > 0; m++) {
        const key = keys[Math.floor(r() * keys.length)];
        const what = r();
        if (what < 0.3) delete rec[key];
        else if (what < 0.45 && key.startsWith('CTYPE')) rec[key] = `${String(rec[key]).slice(0, 5)}${PROJ[Math.floor(r() * PROJ.length)]}`;
        else rec[key] = oddValue(r);
      }
      let wcs;
      try {
        wcs = parseWcs(headerFromRecord(rec), c.alt ? { alt: c.alt } : undefined);
      } catch (e) {
        expect(e).toBeInstanceOf(WcsError);
        rejected++;
        continue;
      }
      if (!wcs) continue;
      parsed++;
      const w = 1 + Math.floor(r() * 300);
      const h = 1 + Math.floor(r() * 300);
      for (let k = 0; k < 5; k++) {
        const [ra, dec] = wcs.pixToSky((r() - 0.2) * w * 1.5, (r() - 0.2) * h * 1.5);
        expect(typeof ra).toBe('number');
        expect(typeof dec).toBe('number');
        const [x, y] = wcs.skyToPix(r() * 360, (r() - 0.5) * 180);
        expect(typeof x).toBe('number');
        expect(typeof y).toBe('number');
        if (Number.isFinite(ra) && Number.isFinite(dec)) locate(wcs, w, h, ra, dec);
      }
      wcs.summary();
      footprint(wcs, w, h, 2);
    }
    expect(parsed).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(10);
  });
});
