/**
 * The better-master rule (calibration/better.ts, README "Better masters"), on frames made by
 * hand: a dark of the light's exposure replaces a scaled one; a master closer in time replaces
 * the one used; an equal rank keeps it; a removed or superseded master is replaced; a master
 * chosen by hand wins and is never replaced; no complete set keeps the calibrated frame. Per
 * night: a master of the light's night beats one of another night nearer in time, and a new
 * night's master does not replace a light's own night's; a master made here is superseded by a
 * newer one of its group or sharing its inputs, not by another night's.
 */
import { describe, expect, it } from 'vitest';
import { recalibration, type UsedMasters } from '../../../../src/main/services/calibration/better.js';
import { ruleCandidates } from '../../../../src/main/services/calibration/candidates.js';
import type { Frame, MatchRules } from '../../../../src/main/services/calibration/frames.js';

const H = 3_600_000;
let next = 1;
function frame(p: Partial<Frame>): Frame {
  return {
    id: next++, name: `f${next}`, type: 'light', kind: 'master', rawId: null, camera: 'cam', cameraText: 'cam', exposure: null, temperature: -10,
    setPoint: -10, filter: null, time: 0, night: null, group: null, inputs: [], calibratedElsewhere: false, calibWait: null, masters: null, ...p,
  };
}
const rules: MatchRules = { temperatureTolerance: 2, exposureTolerance: 0.01, darkScaling: true };
const light = frame({ kind: 'raw', type: 'light', exposure: 60, filter: 'R', time: 10 * H });
const bias = frame({ type: 'bias', time: 9 * H });
const dark30 = frame({ type: 'dark', exposure: 30, time: 10 * H });
const flat = frame({ type: 'flat', filter: 'R', time: 0 });
const used: UsedMasters = { bias: bias.id, dark: dark30.id, flat: flat.id };

describe('better masters', () => {
  it('keeps the masters used when nothing better exists', () => {
    expect(recalibration(light, used, [bias, dark30, flat], rules)).toBeNull();
    // a flat as far in time (on the other side) is not better
    expect(recalibration(light, used, [bias, dark30, flat, frame({ type: 'flat', filter: 'R', time: 20 * H })], rules)).toBeNull();
    // a flat of another filter, closer, is not a candidate
    expect(recalibration(light, used, [bias, dark30, flat, frame({ type: 'flat', filter: 'V', time: 10 * H })], rules)).toBeNull();
  });

  it('takes a dark of the exposure over a scaled one, and a flat closer in time', () => {
    const dark60 = frame({ type: 'dark', exposure: 60, time: 0 });
    const r = recalibration(light, used, [bias, dark30, dark60, flat], rules)!;
    expect(r.dark.id).toBe(dark60.id);
    expect([r.bias.id, r.flat.id]).toEqual([bias.id, flat.id]);
    expect(r.reasons).toEqual([`dark ${dark60.name} is nearer in exposure than #${dark30.id}`]);
    const near = frame({ type: 'flat', filter: 'r', time: 11 * H });
    expect(recalibration(light, used, [bias, dark30, flat, near], rules)).toMatchObject({ flat: { id: near.id }, reasons: [`flat ${near.name} is closer in time than #${flat.id}`] });
  });

  it('replaces a master that is gone or no longer fits, and keeps the frame when no set is complete', () => {
    const other = frame({ type: 'flat', filter: 'R', time: 30 * H });
    expect(recalibration(light, used, [bias, dark30, other], rules)).toMatchObject({ flat: { id: other.id }, reasons: [`flat ${other.name} replaces #${flat.id}, no longer a candidate`] });
    // without dark scaling the 30 s dark no longer fits, and no other dark does: kept
    expect(recalibration(light, used, [bias, dark30, flat], { ...rules, darkScaling: false })).toBeNull();
    expect(recalibration(light, used, [dark30, flat], rules)).toBeNull();
  });

  it('uses a master chosen by hand and never replaces it by a better one', () => {
    const far = frame({ type: 'flat', filter: 'V', time: 100 * H });
    const near = frame({ type: 'flat', filter: 'R', time: 10 * H });
    const r = recalibration(light, used, [bias, dark30, flat, near, far], rules, { flat: far })!;
    expect(r.flat.id).toBe(far.id);
    expect(r.reasons).toEqual([`flat ${far.name} chosen by hand`]);
    expect(recalibration(light, { ...used, flat: far.id }, [bias, dark30, flat, near, far], rules, { flat: far })).toBeNull();
  });

  it("prefers the light's own night to another night's master nearer in time, and keeps it against a newer night", () => {
    const dawn = frame({ kind: 'raw', type: 'light', exposure: 60, filter: 'R', time: 31 * H, night: 'n1' });
    const own = frame({ type: 'flat', filter: 'R', time: 18 * H, night: 'n1' });
    const next = frame({ type: 'flat', filter: 'R', time: 42 * H, night: 'n2' });
    const b = frame({ type: 'bias', time: 17 * H, night: 'n1' });
    const d = frame({ type: 'dark', exposure: 60, time: 17 * H, night: 'n1' });
    // used: the next night's flat (11 h away, vs 13 h): the own night's replaces it
    expect(recalibration(dawn, { bias: b.id, dark: d.id, flat: next.id }, [b, d, own, next], rules)).toMatchObject({ flat: { id: own.id }, reasons: [`flat ${own.name} is of the light's night than #${next.id}`] });
    // used: its own night's: the next night's, nearer in time, does not replace it
    expect(recalibration(dawn, { bias: b.id, dark: d.id, flat: own.id }, [b, d, own, next], rules)).toBeNull();
  });

  it('supersedes a master made here by a newer one of its group or sharing its inputs, not by another night', () => {
    const n1 = frame({ type: 'flat', filter: 'R', group: 'flat|cam|r|n1', inputs: [1, 2] });
    const n2 = frame({ type: 'flat', filter: 'R', group: 'flat|cam|r|n2', inputs: [3, 4] });
    expect(ruleCandidates([n1, n2]).map((m) => m.id)).toEqual([n1.id, n2.id]);
    const n2more = frame({ type: 'flat', filter: 'R', group: 'flat|cam|r|n2', inputs: [3, 4, 5] });
    expect(ruleCandidates([n1, n2, n2more]).map((m) => m.id)).toEqual([n1.id, n2more.id]);
    // a master of both nights made before masters were per night: superseded by the per-night ones
    const old = frame({ type: 'flat', filter: 'R', group: 'flat|cam|r', inputs: [1, 2, 3, 4] });
    const a = frame({ type: 'flat', filter: 'R', group: 'flat|cam|r|n1', inputs: [1, 2] });
    const imported = frame({ type: 'flat', filter: 'R' });
    expect(ruleCandidates([old, a, imported]).map((m) => m.id)).toEqual([a.id, imported.id]);
  });
});
