/**
 * `nightshift calib use` (issue 17): lists a light's masters against the rule, chooses one by
 * hand (stored, the light's calibration queued), gives it back to the rule with `auto`, and
 * refuses a master of the wrong type or a word that is not an id.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices } from '../../src/main/services/services.js';
import type { LightMasters } from '../../src/shared/calib.js';
import { runCli } from '../helpers/cli.js';
import { importedMasterFlat, smallRawNight } from '../helpers/small-raw-night.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/until.js';

const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

describe('nightshift calib use', () => {
  it('lists, chooses and clears a light\'s masters', async () => {
    const lib = join(dir, 'lib');
    const s = createServices({ dataDir: lib, logger: silentLogger, tasks: { threads: 2 } });
    await s.tasks.start();
    await importPaths(s, [smallRawNight(join(dir, 'night'), 1), importedMasterFlat(join(dir, 'far'), '2026-12-20T03:00:00', 'far.fits')], { batchId: 'n' });
    await until('calibrated', () => s.tasks.queries.openIds().length === 0 && listProductRows(s.db).map(toProductView).some((p) => p.kind === 'calibrated' && p.status === 'extracted'), 180_000);
    const all = listProductRows(s.db).map(toProductView);
    await s.close();
    const light = all.find((p) => p.name === 'light-0.fits')!.id;
    const far = all.find((p) => p.name === 'far.fits')!.id;
    const bias = all.find((p) => p.kind === 'master' && p.frameType === 'bias')!.id;

    const listed = await runCli(['calib', 'use', String(light), '--data', lib]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^flat: by the rule\\n.*\\n\\s+${far} fits\\s+far\\.fits: 30 d from the light$`, 'm'));

    const chose = await runCli(['calib', 'use', String(light), '--flat', String(far), '--data', lib, '--json']);
    expect(chose.code).toBe(0);
    const m = JSON.parse(chose.stdout) as LightMasters & { calibrateTask: number | null };
    expect(m.choice).toEqual({ bias: null, dark: null, flat: far });
    expect(m.calibrateTask).not.toBeNull();

    const cleared = JSON.parse((await runCli(['calib', 'use', String(light), '--auto', '--data', lib, '--json'])).stdout) as LightMasters;
    expect(cleared.choice).toEqual({ bias: null, dark: null, flat: null });

    const wrong = await runCli(['calib', 'use', String(light), '--flat', String(bias), '--data', lib]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/calib use: flat: master \d+ \(.*\) is a bias master, not a flat/);
    expect((await runCli(['calib', 'use', String(light), '--dark', 'best', '--data', lib])).code).not.toBe(0);
  }, 300_000);
});
