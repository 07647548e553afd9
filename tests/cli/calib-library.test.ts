/**
 * `nightshift import FOLDER` of a raw night (the committed fixtures, tests/fixtures/calib) ends
 * with masters, calibrated lights and their catalogs; `nightshift products --json` gives each
 * product its kind (and a calibrated one its raw frame and masters); `nightshift calib masters
 * --json` lists the masters.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices } from '../../src/main/services/services.js';
import type { ProductView } from '../../src/shared/domain.js';
import type { MasterSummary } from '../../src/main/services/calibration/masters.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const fx = (name: string): string => new URL(`../fixtures/calib/${name}`, import.meta.url).pathname;
const meta = JSON.parse(readFileSync(fx('calib.json'), 'utf8')) as { files: Record<string, string[]> };
const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

describe('nightshift import of a raw night', () => {
  it('makes the masters, calibrates and extracts the lights; products and calib masters list them', async () => {
    const lib = join(dir, 'lib');
    const night = join(dir, 'night');
    mkdirSync(night, { recursive: true });
    for (const files of Object.values(meta.files)) for (const f of files) copyFileSync(fx(f), join(night, f));
    // the fixture's darks are 60 s and its lights 120 s: the dark is scaled
    const s = createServices({ dataDir: lib, logger: silentLogger });
    s.settings.set({ calibration: { darkScaling: true } });
    await s.close();

    const r = await runCli(['import', '--data', lib, '--threads', '2', night]);
    expect(r.stderr).toContain('23 file(s) in the library (23 new, 0 already there)');
    expect(r.code).toBe(0);
    // the summary says what the drop became, not '0 extracted' for the raw frames
    expect(r.stdout).toMatch(/^23 image\(s\): 0 extracted \(0 sources\), 0 failed, 0 not imported; 20 calibration frames$/m);
    expect(r.stdout).toMatch(/^then 13 follow-up task\(s\): 4 masters made, 3 lights calibrated; 3 plate solves run; 3 of 3 extracted; \d+ sources$/m);

    const products = JSON.parse((await runCli(['products', '--data', lib, '--json'])).stdout) as ProductView[];
    const calibrated = products.filter((p) => p.kind === 'calibrated');
    expect(calibrated).toHaveLength(3);
    const masters = products.filter((p) => p.kind === 'master');
    for (const c of calibrated) {
      expect(c.status).toBe('extracted');
      expect(products.find((p) => p.id === c.rawId)).toMatchObject({ kind: 'raw', frameType: 'light' });
      expect(masters.map((m) => m.id)).toEqual(expect.arrayContaining([c.masters!.bias, c.masters!.dark, c.masters!.flat]));
    }
    expect(products.filter((p) => p.kind === 'raw').map((p) => p.frameType).sort()).toEqual(
      [...Array(6).fill('bias'), ...Array(5).fill('dark'), ...Array(9).fill('flat'), ...Array(3).fill('light')],
    );

    const list = JSON.parse((await runCli(['calib', 'masters', '--data', lib, '--json'])).stdout) as MasterSummary[];
    expect(list.map((m) => [m.type, m.filter, m.frames]).sort()).toEqual([
      ['bias', null, 6],
      ['dark', null, 5],
      ['flat', 'R', 4],
      ['flat', 'V', 5],
    ]);
    expect(list.find((m) => m.type === 'dark')).toMatchObject({ exposure: 60, binning: '1×1' });
    const table = await runCli(['calib', 'masters', '--data', lib]);
    expect(table.stdout.split('\n')[0]).toMatch(/ID\s+TYPE\s+FILTER\s+EXPTIME\s+TEMP\s+BIN\s+N\s+NIGHT\s+DATES/);
    // the fixture's frames have no DATE-OBS: one undated group each, no night
    expect(list.every((m) => m.night === null)).toBe(true);
  }, 240_000);
});
