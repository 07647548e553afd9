/**
 * The camera's image size in the matching rule is the calibrated one: a raw frame's TRIMSEC
 * (else DATASEC) size, a master's own size (masters are stored trimmed). So a master made
 * elsewhere, trimmed, matches raw lights whose overscan is trimmed to the same size.
 */
import { describe, expect, it } from 'vitest';
import { chooseMasters, frameOf } from '../../../../src/main/services/calibration/frames.js';
import type { CalibRow } from '../../../../src/main/services/library/calib-products.js';

function row(id: number, over: Partial<CalibRow>, header: Record<string, unknown>): CalibRow {
  return {
    id, name: `p${id}.fits`, sha256: String(id), store_path: '', size: 0, status: 'ready', frame_type: null, kind: 'raw', raw_id: null,
    header_json: JSON.stringify({ INSTRUME: 'CAM', XBINNING: 1, YBINNING: 1, ...header }), exptime: null, filter: null, instrument: 'CAM',
    width: 2080, height: 2048, date_obs: '2026-12-01T20:00:00', calib_json: null, calib_wait: null, ...over,
  };
}

const rules = { temperatureTolerance: 1, exposureTolerance: 0.1, darkScaling: false };

describe('matching by the trimmed size', () => {
  const light = frameOf(row(1, { frame_type: 'light', exptime: 60, filter: 'V' }, { IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'V', TRIMSEC: '[1:2048,1:2048]', BIASSEC: '[2050:2080,1:2048]' }));
  const imported = [
    frameOf(row(2, { kind: 'master', frame_type: 'bias', width: 2048 }, { IMAGETYP: 'Master Bias' })),
    frameOf(row(3, { kind: 'master', frame_type: 'dark', width: 2048, exptime: 60 }, { IMAGETYP: 'Master Dark', EXPTIME: 60 })),
    frameOf(row(4, { kind: 'master', frame_type: 'flat', width: 2048, filter: 'V' }, { IMAGETYP: 'Master Flat', FILTER: 'V' })),
  ];

  it('masters imported at the trimmed size match raw lights whose TRIMSEC gives that size', () => {
    const c = chooseMasters(light, imported, rules);
    expect(c.missing).toEqual([]);
    expect([c.bias?.id, c.dark?.id, c.flat?.id]).toEqual([2, 3, 4]);
    expect(light.cameraText).toContain('2048×2048 px');
  });

  it('DATASEC counts when there is no TRIMSEC; a master of another size does not match', () => {
    const l2 = frameOf(row(5, { frame_type: 'light', exptime: 60, filter: 'V' }, { IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'V', DATASEC: '[1:2048,1:2048]' }));
    expect(chooseMasters(l2, imported, rules).missing).toEqual([]);
    const untrimmed = frameOf(row(6, { frame_type: 'light', exptime: 60, filter: 'V' }, { IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'V' }));
    expect(chooseMasters(untrimmed, imported, rules).missing).toHaveLength(3);
  });

  it('raw calibration frames of a camera group by their trimmed size too', () => {
    const bias = frameOf(row(7, { frame_type: 'bias' }, { IMAGETYP: 'Bias Frame', TRIMSEC: '[1:2048,1:2048]' }));
    expect(bias.camera).toBe(light.camera);
    expect(bias.camera).toBe(imported[0].camera);
  });
});
