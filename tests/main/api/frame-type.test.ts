/**
 * `products:setFrameType` (issue 17): a frame's type is correctable by hand, and the library acts
 * on it — a light of the fixture night is held back for calibration (no extraction, waits with
 * the reason); set to "none" (calibrated elsewhere) it is extracted as it is; set to bias it is
 * a calibration frame again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { importPaths } from '../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import type { Services } from '../../../src/main/services/services.js';
import { testServices } from '../../helpers/services.js';

const fx = (name: string): string => new URL(`../../fixtures/calib/${name}`, import.meta.url).pathname;
let dispatch: Dispatch;
let services: Services;
let done: () => Promise<void>;

beforeAll(() => {
  const t = testServices();
  done = t.done;
  services = t.services;
  dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
});
afterAll(async () => done());

describe('products:setFrameType', () => {
  it('corrects a frame type by hand and the library acts on it', async () => {
    const { imported } = await importPaths(services, [fx('light-1.fits')], { batchId: 'one' });
    const id = imported[0]!.productId;
    expect(imported[0]!.taskId).toBeNull();
    expect(services.library.get(id)).toMatchObject({ frameType: 'light', kind: 'raw', calibWait: expect.stringMatching(/^no master bias for /) });

    const none = await dispatch('products:setFrameType', { id, frameType: null });
    expect(none).toMatchObject({ ok: true, data: { id, frameType: null, calibWait: null } });
    // the light has no WCS: it is plate-solved first, and extracted after the solve
    expect(services.tasks.queries.openTaskOf('solve', id)).toBeDefined();

    const bias = await dispatch('products:setFrameType', { id, frameType: 'bias' });
    expect(bias).toMatchObject({ ok: true, data: { frameType: 'bias' } });
    expect(services.calibration.holdsBack(id)).toBe(true);

    expect(await dispatch('products:setFrameType', { id: 999_999, frameType: 'dark' })).toMatchObject({ ok: false, code: 'not_found' });
  });
});
