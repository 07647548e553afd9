import { describe, expect, it } from 'vitest';
import { openDb } from '../../../../src/main/services/db/open.js';
import { EventBus } from '../../../../src/main/services/events.js';
import { SettingsService } from '../../../../src/main/services/settings/settings-service.js';
import type { Logger } from '../../../../src/main/services/logger.js';
import { defaultSettings } from '../../../../src/shared/settings.js';
import { join } from 'node:path';
import { tempDir } from '../../../helpers/tmp.js';

const clock = { now: () => Date.UTC(2026, 10, 27) };
function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, error() {}, warn: (m) => warnings.push(m) };
}

describe('SettingsService', () => {
  it('returns the defaults on an empty store', () => {
    const s = new SettingsService({ db: openDb(':memory:'), clock, logger: logger() });
    expect(s.get()).toEqual(defaultSettings());
    expect(s.get().workers.threads).toBeNull();
    expect(s.get().retention.taskDays).toBe(30);
  });

  it('merges a patch without resetting other fields, and persists across reopen', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'db.sqlite');
      const db = openDb(file);
      const s = new SettingsService({ db, clock, logger: logger() });
      s.set({ extraction: { thresh: 3 } });
      s.set({ extraction: { minarea: 9 }, broker: { url: 'redis://:secret@localhost:6380' } });
      db.close();
      const again = new SettingsService({ db: openDb(file), clock, logger: logger() });
      const got = again.get();
      expect(got.extraction).toEqual({ ...defaultSettings().extraction, thresh: 3, minarea: 9 });
      expect(got.broker.url).toBe('redis://:secret@localhost:6380');
    } finally {
      cleanup();
    }
  });

  it('rejects invalid values with invalid_argument and writes nothing', () => {
    const s = new SettingsService({ db: openDb(':memory:'), clock, logger: logger() });
    for (const bad of [{ workers: { threads: 0 } }, { extraction: { apertures: [] } }, { broker: { url: 'http://x' } }, { nope: {} }]) {
      expect(() => s.set(bad as never)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    }
    expect(s.get()).toEqual(defaultSettings());
  });

  it('falls back to defaults for a corrupt stored section, with a warning', () => {
    const db = openDb(':memory:');
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('extraction', '{\"thresh\": \"high\"}', 'x'), ('workers', 'not json', 'x')").run();
    const log = logger();
    const s = new SettingsService({ db, clock, logger: log });
    expect(s.get()).toEqual(defaultSettings());
    expect(log.warnings).toHaveLength(2);
  });

  it('emits settings:changed with the new settings', () => {
    const events = new EventBus();
    const seen: unknown[] = [];
    events.onAny((name, payload) => seen.push([name, payload]));
    const s = new SettingsService({ db: openDb(':memory:'), clock, logger: logger(), events });
    const next = s.set({ notifications: { enabled: false } });
    expect(seen).toEqual([['settings:changed', next]]);
  });
});
