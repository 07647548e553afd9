/**
 * Masters chosen by hand for a raw light (issue 17): what each master of the light's camera is
 * against the matching rule (for the product page's selectors and `nightshift calib use`), and
 * the checks a choice passes before it is stored (library/calib-choices.ts). The planner uses a
 * chosen master whatever the rule says, and never replaces it by a "better" one (better.ts).
 */
import type { LightMasters, MasterOption } from '../../../shared/calib.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { type CalibChoice, calibChoiceOf } from '../library/calib-choices.js';
import { calibratedOf, calibRows } from '../library/calib-products.js';
import { compareRank, fitsRule, MASTER_TYPES, type MasterType, rankOf } from './better.js';
import { ruleCandidates, supersededMasters } from './candidates.js';
import { chooseMasters, fmt, type Frame, frameOf, type MatchRules, type PinnedMasters } from './frames.js';

/** The light, its masters' frames and the candidates, read once. */
interface Scene {
  light: Frame;
  masters: Frame[];
  candidates: Frame[];
  calibrated: Frame | undefined;
}

function scene(db: Db, lightId: number, siteLongitude: number): Scene {
  const frames = calibRows(db).map((r) => frameOf(r, siteLongitude));
  const light = frames.find((f) => f.id === lightId);
  if (!light) throw new AppError('not_found', `no image with id ${lightId} in the library`);
  if (light.kind !== 'raw' || light.type !== 'light') throw new AppError('invalid_argument', `image ${lightId} (${light.name}) is not a raw light: masters are chosen for raw lights only`);
  const masters = frames.filter((f) => f.kind === 'master');
  const calibratedId = calibratedOf(db, lightId);
  return { light, masters, candidates: ruleCandidates(masters), calibrated: frames.find((f) => f.id === calibratedId) };
}

/** A time distance in words: minutes under an hour, hours under two days, else days (one decimal). */
function distance(ms: number): string {
  const one = (n: number): string => fmt(Math.round(n * 10) / 10);
  if (ms === Number.POSITIVE_INFINITY) return 'time unknown';
  if (ms < 3_600_000) return `${one(ms / 60_000)} min from the light`;
  if (ms < 48 * 3_600_000) return `${one(ms / 3_600_000)} h from the light`;
  return `${one(ms / 86_400_000)} d from the light`;
}

/** Why a master fits the rule for a light or does not, in words. */
function whyOf(light: Frame, m: Frame, type: MasterType, rules: MatchRules, superseded: Frame | undefined): string {
  const notes: string[] = [];
  if (type === 'flat' && (m.filter ?? '').toLowerCase() !== (light.filter ?? '').toLowerCase()) notes.push(`filter ${m.filter ?? '(none)'}, not ${light.filter ?? '(none)'}`);
  if (type === 'dark') {
    if (m.temperature !== null && light.temperature !== null && Math.abs(m.temperature - light.temperature) > rules.temperatureTolerance + 1e-9) {
      notes.push(`${fmt(m.temperature)} °C, ${fmt(Math.abs(m.temperature - light.temperature))} °C from the light's (tolerance ${fmt(rules.temperatureTolerance)} °C)`);
    }
    if (m.exposure !== null && light.exposure !== null && Math.abs(m.exposure - light.exposure) > rules.exposureTolerance * m.exposure + 1e-9) {
      notes.push(`${fmt(m.exposure)} s for a light of ${fmt(light.exposure)} s${rules.darkScaling ? ' (scaled)' : ' (dark scaling is off)'}`);
    } else if (m.exposure !== null) notes.push(`${fmt(m.exposure)} s`);
  }
  if (superseded) notes.push(`superseded by #${superseded.id} (a newer master of ${superseded.group === m.group ? 'its group' : 'its frames'})`);
  notes.push(distance(rankOf(light, m)[2]));
  return notes.join('; ');
}

/**
 * For each of bias, dark and flat: the masters of the light's camera (others cannot be used:
 * another size or set-up), with whether each fits the rule and why, which the rule would choose,
 * which the current calibrated frame used and which is chosen by hand. `siteLongitude` (degrees
 * east) dates the nights of frames whose header gives no longitude. Throws `not_found`, or
 * `invalid_argument` for an image that is not a raw light.
 */
export function lightMasters(db: Db, rules: MatchRules, lightId: number, siteLongitude = 0): LightMasters {
  const { light, masters, candidates, calibrated } = scene(db, lightId, siteLongitude);
  const choice = calibChoiceOf(db, lightId);
  const auto = chooseMasters(light, candidates, rules);
  const superseding = supersededMasters(masters);
  const options = { bias: [] as MasterOption[], dark: [] as MasterOption[], flat: [] as MasterOption[] };
  for (const type of MASTER_TYPES) {
    const mine = masters.filter((m) => m.type === type && m.camera === light.camera);
    const rows = mine.map((m) => {
      const superseded = superseding.get(m.id);
      return {
        option: {
          id: m.id,
          name: m.name,
          type,
          filter: m.filter,
          exposure: m.exposure,
          temperature: m.temperature,
          time: m.time === null ? null : new Date(m.time).toISOString(),
          fits: fitsRule(light, m, type, rules) && !superseded,
          why: whyOf(light, m, type, rules, superseded),
          automatic: auto[type]?.id === m.id,
          used: calibrated?.masters?.[type] === m.id,
          chosen: choice[type] === m.id,
        },
        rank: rankOf(light, m),
      };
    });
    rows.sort((a, b) => Number(b.option.automatic) - Number(a.option.automatic) || Number(b.option.fits) - Number(a.option.fits) || compareRank(a.rank, b.rank) || b.option.id - a.option.id);
    options[type] = rows.map((r) => r.option);
  }
  return { lightId, calibratedId: calibrated?.id ?? null, choice, options };
}

/**
 * A light's choice after `changes` (a master id per type; null: back to the rule; absent:
 * unchanged), checked: each id a master of that type and of the light's camera. Throws
 * `not_found` or `invalid_argument` naming the master.
 */
export function checkedChoice(db: Db, lightId: number, changes: Partial<Record<MasterType, number | null>>): CalibChoice {
  const { light, masters } = scene(db, lightId, 0);
  const next = { ...calibChoiceOf(db, lightId) };
  for (const type of MASTER_TYPES) {
    const id = changes[type];
    if (id === undefined) continue;
    if (id !== null) {
      const m = masters.find((f) => f.id === id);
      if (!m) throw new AppError('invalid_argument', `${type}: image ${id} is not a master of the library`);
      if (m.type !== type) throw new AppError('invalid_argument', `${type}: master ${id} (${m.name}) is a ${m.type ?? 'untyped'} master, not a ${type}`);
      if (m.camera !== light.camera) throw new AppError('invalid_argument', `${type}: master ${id} (${m.name}) is for ${m.cameraText}, not the light's ${light.cameraText}`);
    }
    next[type] = id;
  }
  return next;
}

/** The chosen masters as frames (a chosen id that is not a master of that type any more is ignored). */
export function pinnedOf(choice: CalibChoice | undefined, masters: readonly Frame[]): PinnedMasters {
  const out: PinnedMasters = {};
  if (!choice) return out;
  for (const t of MASTER_TYPES) {
    const m = masters.find((f) => f.id === choice[t] && f.type === t && f.kind === 'master');
    if (m) out[t] = m;
  }
  return out;
}
