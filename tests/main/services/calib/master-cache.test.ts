import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedLoad, clearCache, MAX_ENTRIES } from '../../../../src/main/services/calib/master-cache.js';

describe('master cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ns-master-cache-'));
  afterEach(() => clearCache());

  it('loads a file once while it is unchanged, again when it changes', () => {
    const p = join(dir, 'a.fits');
    writeFileSync(p, 'one');
    let loads = 0;
    const load = () => cachedLoad('bias\0' + p, p, () => ({ n: ++loads }), () => 8);
    expect(load().n).toBe(1);
    expect(load().n).toBe(1);
    writeFileSync(p, 'other bytes');
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    expect(load().n).toBe(2);
    expect(load().n).toBe(2);
  });

  it('keeps at most MAX_ENTRIES values, dropping the least recently used', () => {
    const paths = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => join(dir, `m${i}.fits`));
    for (const p of paths) writeFileSync(p, p);
    const loads = new Map<string, number>();
    const load = (p: string) => cachedLoad(p, p, () => loads.set(p, (loads.get(p) ?? 0) + 1), () => 8);
    for (const p of paths) load(p);
    load(paths[paths.length - 1]);
    load(paths[0]); // dropped by the last new one
    expect(loads.get(paths[0])).toBe(2);
    expect(loads.get(paths[paths.length - 1])).toBe(1);
  });

  it('does not cache a file it cannot stat', () => {
    let loads = 0;
    const p = join(dir, 'missing.fits');
    cachedLoad(p, p, () => ++loads, () => 8);
    cachedLoad(p, p, () => ++loads, () => 8);
    expect(loads).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });
});
