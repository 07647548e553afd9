import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES } from '../../src/shared/channels.js';
import { contract, events } from '../../src/shared/contract.js';
import { buildRawApi } from '../../src/shared/api.js';

describe('contract', () => {
  it('lists the same channels and events as the preload does', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('names every channel domain:verb', () => {
    for (const channel of Object.keys(contract)) expect(channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
  });

  it('builds one method per channel and no generic invoke', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildRawApi(
      async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, data: null };
      },
      () => () => {},
    );
    await api.settings.set({ notifications: { enabled: false } });
    await api.app.info();
    expect(calls).toEqual([
      ['settings:set', { notifications: { enabled: false } }],
      ['app:info', undefined],
    ]);
    const domains = new Set(CHANNELS.map((c) => c.split(':')[0]));
    expect(Object.keys(api).sort()).toEqual([...domains, 'on'].sort());
    expect('invoke' in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
