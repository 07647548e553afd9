/**
 * `nightshift calib master --data LIB` recognises the library's *Frame type words*
 * (`calibration.typeMap`) as the import does; `--type-map` words win over them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices } from '../../src/main/services/services.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const fx = (name: string): string => new URL(`../fixtures/calib/${name}`, import.meta.url).pathname;
const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

/** A copy of a fixture bias frame whose IMAGETYP is `Sky` (a word no camera convention has). */
function skyFrame(i: number): string {
  const bytes = Buffer.from(readFileSync(fx(`bias-${i}.fits`)));
  const at = bytes.indexOf("IMAGETYP= 'Bias Frame'");
  expect(at).toBeGreaterThanOrEqual(0);
  bytes.write("IMAGETYP= 'Sky'       ", at, 'latin1');
  const path = join(dir, `sky-${i}.fits`);
  writeFileSync(path, bytes);
  return path;
}

describe('calib master --data', () => {
  it("uses the library's frame type words; --type-map wins over them", async () => {
    const lib = join(dir, 'lib');
    const s = createServices({ dataDir: lib, logger: silentLogger });
    s.settings.set({ calibration: { typeMap: { sky: 'flat' } } });
    await s.close();
    const frames = [1, 2, 3].map(skyFrame);
    const out = join(dir, 'm.fits');

    // an unknown word is taken for what --type says
    expect((await runCli(['calib', 'master', '--type', 'bias', '--out', out, ...frames])).code).toBe(0);
    // the library says Sky is a flat
    const refused = await runCli(['calib', 'master', '--type', 'bias', '--out', out, '--data', lib, ...frames]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/'Sky' is a flat frame, not a bias/);
    // the command line's own words win
    expect((await runCli(['calib', 'master', '--type', 'bias', '--out', out, '--data', lib, '--type-map', 'SKY=bias', ...frames])).code).toBe(0);
  }, 120_000);
});
