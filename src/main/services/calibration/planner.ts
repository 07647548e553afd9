/**
 * The calibration planner (issue 17): looks at the library's frames and queues what calibration
 * needs, without anyone choosing. Called after an import batch and after each master or
 * calibrated frame is stored (the kinds' follow-up `calibrationChanged`):
 *
 * 1. Masters: raw bias, dark and flat frames are grouped (frames.ts, groupKey: per camera, …
 *    and observing night); a group whose newest master was not made of exactly its frames gets a
 *    `calib-master` task (one per group; again when new frames arrive). Darks and flats wait for
 *    their camera's master bias and subtract the one of their night (else the closest in time);
 *    flats also wait while a dark of their camera is being made (they subtract the dark of the
 *    nearest exposure, scaled, of their night first).
 * 2. Lights: a raw light that calibration applies to ({@link CalibrationPlanner.applies}) and
 *    that has no calibrated frame gets a `calibrate` task once its bias, dark and flat exist
 *    (frames.ts, chooseMasters; masters chosen by hand, `calib_choices`, taken as they are) and
 *    no master of its camera is being made; else it waits, with the reason stored (`calib_wait`)
 *    and shown. A light calibrated already is calibrated again when better masters exist
 *    (better.ts: chosen by hand, the one used gone, or ranked ahead); its new calibrated frame
 *    replaces the old one, which {@link CalibrationPlanner.retire} removes with what was derived
 *    from it (catalog, solution, target links, photometry points). A recalibration that failed
 *    stays said (`calib_wait`, "recalibration failed: …", set by the task) while the rule still
 *    wants those masters; it is cleared when the rule wants no change any more or a
 *    recalibration succeeds.
 * 3. The current calibrated frames without a catalog get their `extract` task.
 */
import type { Db } from '../db/open.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { FrameType } from '../../../core/calib/index.js';
import { calibRow, calibRows, reclassifyFrameTypes, setCalibWait, setFrameType, supersededCalibrated } from '../library/calib-products.js';
import { ensureProcessing } from '../library/import-paths.js';
import type { SettingsService } from '../settings/settings-service.js';
import type { TaskService } from '../tasks/task-service.js';
import { calibChoices, setCalibChoice } from '../library/calib-choices.js';
import type { CalibChooseInput, LightMasters } from '../../../shared/calib.js';
import { checkedChoice, lightMasters, pinnedOf } from './hand-choice.js';
import { MASTER_TYPES, recalibration } from './better.js';
import { newestBuilt, ruleCandidates } from './candidates.js';
import { chooseMasters, closestInTime, type Frame, frameOf, groupKey, groupText, otherNight, type PinnedMasters, timeDistance } from './frames.js';

export interface PlannerDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger: Logger;
  settings: SettingsService;
  tasks: TaskService;
  /** Removes products with everything derived from them (the library's removal). */
  remove: (ids: readonly number[]) => Promise<unknown>;
  /**
   * Products of imports under way (library/open-imports.ts): left until their import ends (a
   * group with one of them is neither made nor used yet; such a light waits).
   */
  held?: () => ReadonlySet<number>;
}

interface LightContext {
  candidates: readonly Frame[];
  masters: readonly Frame[];
  stale: ReadonlySet<string>;
  open: OpenWork;
  current: ReadonlyMap<number, Frame>;
  pinned: PinnedMasters;
  batchId: string | null;
  /** Work this plan queued (see {@link CalibrationPlanner.plan}). */
  tried: Set<string>;
}

interface OpenWork {
  groups: Set<string>;
  cameras: Set<string>;
  lights: Set<number>;
}

const ORDER = { bias: 0, dark: 1, flat: 2 } as const;

export class CalibrationPlanner {
  readonly #deps: PlannerDeps;
  /** Work queued by this process (group + inputs, light + masters): not queued twice after a failure. */
  readonly #tried = new Set<string>();
  readonly #listeners = new Set<(taskIds: readonly number[]) => void>();
  #retiring: Promise<number[]> = Promise.resolve([]);

  constructor(deps: PlannerDeps) {
    this.#deps = deps;
  }

  /**
   * Whether calibration applies to a frame: it is a raw light (IMAGETYP/FRAME says so), no
   * header keyword says it was calibrated already (CALSTAT, ZEROCOR/DARKCOR/FLATCOR…), and
   * *calibration.enabled* is on.
   */
  applies(f: Frame): boolean {
    return f.kind === 'raw' && f.type === 'light' && !f.calibratedElsewhere && this.#deps.settings.get().calibration.enabled;
  }

  /**
   * Whether a product is kept from extraction and target matching: a bias, dark or flat frame, a
   * master, or a raw light that calibration applies to (its calibrated frame is used instead).
   */
  holdsBack(productId: number): boolean {
    const row = calibRow(this.#deps.db, productId);
    if (!row) return false;
    if (row.kind === 'master' || (row.frame_type !== null && row.frame_type !== 'light')) return true;
    return this.applies(frameOf(row));
  }

  /**
   * Sets a product's frame type by hand (null: none) and acts on it: the library's calibration
   * is planned again, and a product no longer held back ({@link holdsBack}) is extracted.
   */
  setFrameType(productId: number, type: FrameType | null): void {
    setFrameType(this.#deps, productId, type);
    const row = calibRow(this.#deps.db, productId);
    if (!row) return;
    if (!this.holdsBack(productId)) {
      setCalibWait(this.#deps, productId, null);
      if (this.#deps.settings.get().extraction.onImport) ensureProcessing(this.#deps.db, this.#deps.tasks, productId, { solve: this.#deps.settings.get().solve.onImport });
    }
    this.plan();
  }

  /**
   * After *Frame type words* (`calibration.typeMap`) changed: gives raw products not typed by
   * hand the type their header names now, extracts those no longer held back
   * ({@link holdsBack}; a light that became a flat keeps the catalog it had), and plans again.
   * Returns the ids whose type changed.
   */
  reclassify(): number[] {
    const changed = reclassifyFrameTypes(this.#deps, this.#deps.settings.get().calibration.typeMap);
    for (const { id } of changed) {
      if (this.holdsBack(id)) continue;
      setCalibWait(this.#deps, id, null);
      if (this.#deps.settings.get().extraction.onImport) ensureProcessing(this.#deps.db, this.#deps.tasks, id, { solve: this.#deps.settings.get().solve.onImport });
    }
    if (changed.length > 0) {
      this.#deps.logger.info('calibration: frame types from the header words again', { changed: changed.length });
      this.plan();
    }
    return changed.map((c) => c.id);
  }

  /**
   * A raw light's masters of each type, against the rule, with the ones used, automatic and
   * chosen by hand (the product page's selectors). Throws `not_found` / `invalid_argument`.
   */
  masters(lightId: number): LightMasters {
    return lightMasters(this.#deps.db, this.#deps.settings.get().calibration, lightId, this.#deps.settings.get().site.lon);
  }

  /**
   * Chooses masters for a raw light by hand (a master id per type; null: back to the rule;
   * absent: unchanged), then plans: the light is calibrated (again) when its masters differ
   * from those used. Throws `not_found` / `invalid_argument` before anything is stored.
   */
  choose(input: CalibChooseInput): LightMasters {
    const { id, ...changes } = input;
    setCalibChoice(this.#deps, id, checkedChoice(this.#deps.db, id, changes));
    // a choice by hand may go back to masters tried before: they may be queued again
    for (const key of [...this.#tried]) if (key.startsWith(`light:${id}:`)) this.#tried.delete(key);
    this.#deps.logger.info('calibration: masters chosen by hand', { light: id, ...changes });
    this.plan();
    return this.masters(id);
  }

  /** Calls `listener` with the tasks each {@link plan} queues (`nightshift import` waits for them). */
  onQueued(listener: (taskIds: readonly number[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Queues what the library's calibration needs now (see the module comment), in `batchId`;
   * returns the new tasks. May run inside a transaction that is rolled back when it throws: what
   * it queued is remembered as tried only when it returns.
   */
  plan(options: { batchId?: string | null } = {}): number[] {
    const { db, tasks, settings } = this.#deps;
    const s = settings.get().calibration;
    const siteLongitude = settings.get().site.lon;
    const frames = calibRows(db).map((r) => frameOf(r, siteLongitude));
    const open = this.#openWork();
    const queued: number[] = [];
    const batchId = options.batchId ?? null;
    const tried = new Set<string>();
    /** Each raw light's newest calibrated frame (older ones are being replaced: {@link retire}). */
    const current = new Map<number, Frame>();
    for (const f of frames) if (f.kind === 'calibrated' && f.rawId !== null && (current.get(f.rawId)?.id ?? 0) < f.id) current.set(f.rawId, f);
    if (frames.some((f) => f.kind === 'calibrated' && f.rawId !== null && current.get(f.rawId) !== f)) void this.retire();
    if (s.enabled) {
      const masters = frames.filter((f) => f.kind === 'master');
      /** The newest master made here of each group (what a group's frames are compared with). */
      const newest = newestBuilt(masters);
      const candidates = ruleCandidates(masters);
      const groups = new Map<string, Frame[]>();
      for (const f of frames) {
        if (f.kind !== 'raw' || f.type === null || f.type === 'light') continue;
        const key = groupKey(f);
        groups.set(key, [...(groups.get(key) ?? []), f]);
      }
      /** Groups whose master is missing or out of date (being made or to be made). */
      const stale = new Set<string>();
      for (const [key, members] of groups) {
        const m = newest.get(key);
        if (!m || m.inputs.join(',') !== members.map((f) => f.id).sort((a, b) => a - b).join(',')) stale.add(key);
      }
      const pendingOfCamera = (type: 'bias' | 'dark', camera: string): boolean =>
        [...stale].some((k) => k.startsWith(`${type}|${camera}|`) || k === `${type}|${camera}`);
      // groups with frames of an import under way are made when it ends, from all its frames
      const held = this.#deps.held?.() ?? new Set<number>();
      for (const [key, members] of groups) {
        if (!members.some((f) => held.has(f.id))) continue;
        open.groups.add(key);
        open.cameras.add(members[0]!.camera);
      }
      const todo = [...groups].filter(([key]) => stale.has(key) && !open.groups.has(key)).sort((a, b) => ORDER[type(a[1])] - ORDER[type(b[1])]);
      for (const [key, members] of todo) {
        const first = members[0]!;
        const t = type(members);
        const ids = members.map((f) => f.id).sort((a, b) => a - b);
        const payload: { type: 'bias' | 'dark' | 'flat'; group: string; frameIds: number[]; night?: string; biasId?: number; darkId?: number } = { type: t, group: key, frameIds: ids };
        if (first.night !== null) payload.night = first.night;
        /** The group as one frame: its night, at the middle of its frames' times (the masters preparing it are chosen for it). */
        const times = members.map((f) => f.time).filter((v): v is number => v !== null);
        const group: Frame = { ...first, time: times.length > 0 ? (Math.min(...times) + Math.max(...times)) / 2 : null };
        if (t !== 'bias') {
          if (pendingOfCamera('bias', first.camera)) continue; // the master bias first
          const bias = closestInTime(group, candidates.filter((m) => m.type === 'bias' && m.camera === first.camera));
          if (!bias) continue; // no bias frames for this camera: waits for some
          payload.biasId = bias.id;
        }
        if (t === 'flat') {
          if (pendingOfCamera('dark', first.camera)) continue; // the darks first
          const exp = first.exposure ?? 0;
          const darks = candidates.filter((m) => m.type === 'dark' && m.camera === first.camera && m.exposure !== null && m.exposure > 0);
          const dark = darks.sort((a, b) => Math.abs(a.exposure! - exp) - Math.abs(b.exposure! - exp) || otherNight(group, a) - otherNight(group, b) || timeDistance(group, a) - timeDistance(group, b) || b.id - a.id)[0];
          if (dark) payload.darkId = dark.id;
        }
        const work = `${key}:${ids.join(',')}`;
        if (this.#tried.has(work) || tried.has(work)) continue;
        tried.add(work);
        queued.push(tasks.enqueue('calib-master', payload, { batchId }).id);
        open.cameras.add(first.camera);
      }
      const choices = calibChoices(db);
      for (const light of frames) {
        if (!this.applies(light) || held.has(light.id)) continue;
        const id = this.#planLight(light, { candidates, masters, stale, open, current, pinned: pinnedOf(choices.get(light.id), masters), batchId, tried });
        if (id !== null) queued.push(id);
      }
    }
    for (const f of frames) {
      if (f.kind !== 'calibrated' || (f.rawId !== null && current.get(f.rawId) !== f)) continue;
      const before = tasks.queries.openTaskOf('solve', f.id) ?? tasks.queries.openTaskOf('extract', f.id);
      const id = ensureProcessing(db, tasks, f.id, { batchId, solve: this.#deps.settings.get().solve.onImport });
      if (id !== null && id !== before) queued.push(id);
    }
    for (const work of tried) this.#tried.add(work);
    if (queued.length > 0) {
      this.#deps.logger.info('calibration: queued', { tasks: queued.length });
      for (const l of this.#listeners) l(queued);
    }
    return queued;
  }

  /**
   * One raw light: a `calibrate` task when its masters exist (or, calibrated already, when
   * better ones do: better.ts), else the reason it waits. Returns the task queued, or null.
   */
  #planLight(light: Frame, c: LightContext): number | null {
    const s = this.#deps.settings.get().calibration;
    if (c.open.lights.has(light.id)) return null;
    const calibrated = c.current.get(light.id);
    let chosen: { bias: Frame; dark: Frame; flat: Frame };
    let because = '';
    if (calibrated) {
      if (c.stale.size > 0 && [...c.stale].some((k) => k.includes(`|${light.camera}`))) return null; // its camera's masters are being made
      const used = calibrated.masters ?? { bias: null, dark: null, flat: null };
      const next = recalibration(light, used, c.candidates, s, c.pinned);
      if (!next) {
        // nothing to change (any more): a failed recalibration's reason goes
        if (light.calibWait !== null) setCalibWait(this.#deps, light.id, null);
        return null;
      }
      chosen = next;
      because = `; recalibrated: ${next.reasons.join('; ')}`;
    } else {
      if (c.open.cameras.has(light.camera) || [...c.stale].some((k) => k.includes(`|${light.camera}`))) {
        setCalibWait(this.#deps, light.id, `waiting for the masters of ${light.cameraText} being made`);
        if ([...c.stale].some((k) => k.includes(`|${light.camera}`) && c.open.groups.has(k)) || c.open.cameras.has(light.camera)) return null;
      }
      const found = chooseMasters(light, c.candidates, s, c.pinned);
      if (found.missing.length > 0 || !found.bias || !found.dark || !found.flat) {
        setCalibWait(this.#deps, light.id, found.missing.join('; '));
        return null;
      }
      chosen = { bias: found.bias, dark: found.dark, flat: found.flat };
    }
    const byHand = MASTER_TYPES.filter((t) => c.pinned[t]?.id === chosen[t].id);
    const why = `bias ${chosen.bias.name}; dark ${chosen.dark.name} (${chosen.dark.exposure} s); flat ${chosen.flat.name} (filter ${chosen.flat.filter ?? '-'}); same camera (${light.cameraText}), closest in time${byHand.length > 0 ? `; chosen by hand: ${byHand.join(', ')}` : ''}${because}`;
    // once per light, masters used before (none, or its calibrated frame's) and masters now: a failure is not retried in a loop, a return to masters used earlier is
    const from = calibrated?.masters ? `${calibrated.masters.bias},${calibrated.masters.dark},${calibrated.masters.flat}` : 'none';
    const work = `light:${light.id}:${from}->${chosen.bias.id},${chosen.dark.id},${chosen.flat.id}`;
    if (this.#tried.has(work) || c.tried.has(work)) return null;
    c.tried.add(work);
    if (!calibrated) setCalibWait(this.#deps, light.id, null);
    return this.#deps.tasks.enqueue('calibrate', { productId: light.id, biasId: chosen.bias.id, darkId: chosen.dark.id, flatId: chosen.flat.id, why }, { batchId: c.batchId }).id;
  }

  /**
   * Removes the calibrated frames that a newer calibrated frame of the same light replaces, with
   * their catalogs, solutions, target links, photometry points and files (the `remove` dependency:
   * the library's removal). Runs one at a time; a crash in between is finished by the next call
   * (the planner calls it whenever it sees such a frame). Returns the ids removed.
   */
  retire(): Promise<number[]> {
    this.#retiring = this.#retiring.then(async () => {
      const ids = supersededCalibrated(this.#deps.db);
      if (ids.length === 0) return [];
      await this.#deps.remove(ids);
      this.#deps.logger.info('calibration: replaced calibrated frames removed', { ids });
      return ids;
    }).catch((err: unknown) => {
      this.#deps.logger.warn(`calibration: removing replaced calibrated frames failed: ${(err as Error).message}`);
      return [];
    });
    return this.#retiring;
  }

  #openWork(): OpenWork {
    const open: OpenWork = { groups: new Set(), cameras: new Set(), lights: new Set() };
    for (const t of this.#deps.tasks.queries.openOfKinds(['calib-master', 'calibrate'])) {
      let p: Record<string, unknown>;
      try {
        p = JSON.parse(t.payload) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (t.kind === 'calibrate' && typeof p.productId === 'number') open.lights.add(p.productId);
      if (t.kind === 'calib-master' && typeof p.group === 'string') {
        open.groups.add(p.group);
        const camera = p.group.split('|').slice(1, 6).join('|');
        open.cameras.add(camera);
      }
    }
    return open;
  }
}

function type(members: readonly Frame[]): 'bias' | 'dark' | 'flat' {
  const t = members[0]!.type;
  return t === 'dark' || t === 'flat' ? t : 'bias';
}

export { groupText };
