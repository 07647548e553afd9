import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { contract, type Channel } from '../../../src/shared/contract.js';
import { testServices } from '../../helpers/services.js';
import { wrongValues } from './bad-inputs.js';

let dispatch: Dispatch;
let done: () => Promise<void>;

beforeAll(() => {
  const t = testServices();
  done = t.done;
  dispatch = createDispatch({ services: t.services, shell: 'host' }, silentLogger);
});
afterAll(async () => done());

describe('dispatch', () => {
  const channels = Object.keys(contract) as Channel[];

  it.each(channels)('%s rejects every malformed argument with invalid_argument', async (channel) => {
    const bad = wrongValues(contract[channel].input);
    expect(bad.length).toBeGreaterThan(3);
    for (const input of bad) {
      const result = await dispatch(channel, input);
      expect(result, `${channel} accepted ${JSON.stringify(input)}`).toMatchObject({ ok: false, code: 'invalid_argument' });
      if (!result.ok) expect(result.message).toContain(channel);
    }
  });

  it('rejects unknown channels and non-string channel names', async () => {
    for (const channel of ['nope:nope', '', '__proto__', 'constructor', 'toString']) {
      expect(await dispatch(channel, undefined)).toMatchObject({ ok: false, code: 'invalid_argument' });
    }
    expect(await dispatch(42 as unknown as string, undefined)).toMatchObject({ ok: false, code: 'invalid_argument' });
  });

  it('answers well-formed calls with ok and data that fits the output schema', async () => {
    const info = await dispatch('app:info', undefined);
    expect(info.ok).toBe(true);
    if (info.ok) expect(contract['app:info'].output.safeParse(info.data).success).toBe(true);
    const tasks = await dispatch('tasks:list', { status: ['queued'], limit: 5 });
    expect(tasks).toEqual({ ok: true, data: [] });
    const products = await dispatch('products:list', undefined);
    expect(products).toEqual({ ok: true, data: [] });
  });

  it('reports a service error by its code, not by throwing', async () => {
    const result = await dispatch('settings:set', { broker: { url: 'http://not-redis' } });
    expect(result).toMatchObject({ ok: false, code: 'invalid_argument' });
  });
});
