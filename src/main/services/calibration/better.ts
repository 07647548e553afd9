/**
 * When a calibrated light is calibrated again (issue 17: "recalibrating after a better master
 * arrives replaces the calibrated product"). The rule (README, "Calibration", *Better masters*):
 * a light's masters are looked at again whenever the planner runs; for each of bias, dark and
 * flat, the master the rule would choose now replaces the one used when
 *
 * 1. it was chosen by hand (a choice by hand always wins, and is never replaced by the rule);
 * 2. the one used is no longer a candidate: removed, superseded by a newer master made from its
 *    group's frames, given another type, or no longer fitting the rule (another camera or
 *    filter, a temperature or exposure out of the tolerances after a settings change);
 * 3. or it ranks strictly ahead of the one used ({@link rankOf}): for a dark, a smaller
 *    exposure difference (a dark of the light's exposure beats a scaled one), then, for all
 *    three, of the light's observing night rather than another, then a smaller distance in
 *    time. Equal ranks keep the one used (no churn on a tie). So a master of a new night does
 *    not replace an older night's master for that older night's lights.
 *
 * A light for which the rule finds no complete set any more keeps its calibrated frame.
 */
import { chooseMasters, exposureFits, type Frame, type MatchRules, otherNight, type PinnedMasters, temperatureFits, timeDistance } from './frames.js';

export type MasterType = 'bias' | 'dark' | 'flat';
export const MASTER_TYPES: readonly MasterType[] = ['bias', 'dark', 'flat'];

/** The masters a calibrated frame was made with (product ids). */
export type UsedMasters = Record<MasterType, number | null>;

/** A master's rank for a light: exposure difference (s, darks only; 0 otherwise), another night (0 or 1), time distance (ms). */
export type Rank = [exposure: number, otherNight: number, time: number];

/** A master's rank for a light, compared in order, smaller is better ({@link Rank}). */
export function rankOf(light: Frame, m: Frame): Rank {
  const exposure = m.type === 'dark' && light.exposure !== null && m.exposure !== null ? Math.abs(light.exposure - m.exposure) : 0;
  return [exposure, otherNight(light, m), timeDistance(light, m)];
}

/** Negative when `a` ranks ahead of `b`, positive behind, 0 equal (exposures within 1e-9 s are equal). */
export function compareRank(a: Rank, b: Rank): number {
  if (Math.abs(a[0] - b[0]) > 1e-9) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  return a[2] === b[2] ? 0 : a[2] < b[2] ? -1 : 1;
}

function ahead(a: Rank, b: Rank): boolean {
  return compareRank(a, b) < 0;
}

/** Why a master ranking ahead is better, in words. */
function betterBecause(a: Rank, b: Rank): string {
  if (a[0] < b[0] - 1e-9) return 'is nearer in exposure';
  if (a[1] < b[1]) return "is of the light's night";
  return 'is closer in time';
}

/** Whether a master of `type` fits a light by the rule: same camera; a flat of its filter; a dark within the temperature tolerance and (without dark scaling) the exposure tolerance. */
export function fitsRule(light: Frame, m: Frame, type: MasterType, rules: MatchRules): boolean {
  if (m.kind !== 'master' || m.type !== type || m.camera !== light.camera) return false;
  if (type === 'flat') return (m.filter ?? '').toLowerCase() === (light.filter ?? '').toLowerCase();
  if (type === 'dark') return m.exposure !== null && m.exposure > 0 && temperatureFits(light, m, rules) && (rules.darkScaling || exposureFits(light, m, rules));
  return true;
}

export interface Recalibration {
  bias: Frame;
  dark: Frame;
  flat: Frame;
  /** Why, in words, one entry per master replaced. */
  reasons: string[];
}

/**
 * The masters to calibrate an already calibrated light with again, or null to keep its
 * calibrated frame (see the module comment). `candidates` are the masters the rule considers
 * (the newest master of each group made here, and every imported master).
 */
export function recalibration(light: Frame, used: UsedMasters, candidates: readonly Frame[], rules: MatchRules, pinned: PinnedMasters = {}): Recalibration | null {
  const chosen = chooseMasters(light, candidates, rules, pinned);
  if (!chosen.bias || !chosen.dark || !chosen.flat) return null;
  const next: Partial<Record<MasterType, Frame>> = {};
  const reasons: string[] = [];
  for (const type of MASTER_TYPES) {
    const c = chosen[type]!;
    const usedId = used[type];
    const usedFrame = candidates.find((f) => f.id === usedId);
    if (c.id === usedId) next[type] = c;
    else if (pinned[type]) {
      next[type] = c;
      reasons.push(`${type} ${c.name} chosen by hand`);
    } else if (!usedFrame || !fitsRule(light, usedFrame, type, rules)) {
      next[type] = c;
      reasons.push(`${type} ${c.name} replaces #${usedId ?? '?'}, no longer a candidate`);
    } else if (ahead(rankOf(light, c), rankOf(light, usedFrame))) {
      next[type] = c;
      reasons.push(`${type} ${c.name} ${betterBecause(rankOf(light, c), rankOf(light, usedFrame))} than #${usedFrame.id}`);
    } else next[type] = usedFrame;
  }
  return reasons.length > 0 ? { bias: next.bias!, dark: next.dark!, flat: next.flat!, reasons } : null;
}
