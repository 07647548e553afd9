import {
  SETTINGS_SECTIONS,
  type Settings,
  type SettingsPatch,
  type SettingsSection,
  defaultSettings,
  sectionSchema,
  settingsPatchSchema,
  settingsSchema,
} from '../../../shared/settings.js';
import { AppError } from '../../../shared/errors.js';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';

export interface SettingsServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  events?: EventBus;
}

/**
 * Settings stored one row per section as JSON. A stored section that no longer validates (an
 * older or hand-edited database) falls back to its defaults with a warning instead of breaking
 * the app.
 */
export class SettingsService {
  readonly #deps: SettingsServiceDeps;

  constructor(deps: SettingsServiceDeps) {
    this.#deps = deps;
  }

  get(): Settings {
    const rows = this.#deps.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const settings = defaultSettings();
    for (const row of rows) {
      if (!(SETTINGS_SECTIONS as string[]).includes(row.key)) continue;
      const key = row.key as SettingsSection;
      try {
        const parsed = sectionSchema(key).parse(JSON.parse(row.value));
        (settings as Record<SettingsSection, unknown>)[key] = parsed;
      } catch (err) {
        this.#deps.logger.warn(`settings section "${key}" is invalid; using defaults`, {
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return settings;
  }

  /** Merges a patch into the stored settings; validates the whole result before writing. */
  set(patch: SettingsPatch): Settings {
    const parsedPatch = settingsPatchSchema.safeParse(patch);
    if (!parsedPatch.success) throw new AppError('invalid_argument', parsedPatch.error.issues[0]?.message ?? 'bad settings');
    const current = this.get();
    const merged: Record<string, unknown> = { ...current };
    for (const key of SETTINGS_SECTIONS) {
      const section = parsedPatch.data[key];
      if (section) merged[key] = { ...current[key], ...stripUndefined(section) };
    }
    const next = settingsSchema.safeParse(merged);
    if (!next.success) throw new AppError('invalid_argument', next.error.issues[0]?.message ?? 'bad settings');
    const now = isoNow(this.#deps.clock);
    const upsert = this.#deps.db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.#deps.db.transaction(() => {
      for (const key of SETTINGS_SECTIONS) {
        if (parsedPatch.data[key]) upsert.run(key, JSON.stringify(next.data[key]), now);
      }
    })();
    this.#deps.events?.emit('settings:changed', next.data);
    return next.data;
  }
}

function stripUndefined(obj: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
