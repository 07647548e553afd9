/**
 * `nightshift host` answers each WebSocket call as soon as it is done: a fast call sent right
 * after a slow one, in the same tick, gets its answer while the slow one is still running.
 * The slow call here finishes only once the fast call's answer has reached the client, so a
 * host that held answers until all calls that arrived together were done would never answer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { EventBus } from '../../../src/main/services/events.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { ok, type Result } from '../../../src/shared/result.js';
import { tempDir } from '../../helpers/tmp.js';

let host: Host;
let cleanup: () => void;
let releaseSlow: () => void = () => {};
const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
const started: string[] = [];

beforeAll(async () => {
  const r = tempDir();
  cleanup = r.cleanup;
  mkdirSync(join(r.dir, 'assets'));
  writeFileSync(join(r.dir, 'index.html'), '<!doctype html><title>Nightshift</title>');
  host = await startHost({
    dispatch: async (channel): Promise<Result<unknown>> => {
      started.push(channel);
      if (channel === 'slow') await slowGate;
      return ok(channel);
    },
    events: new EventBus(),
    logger: silentLogger,
    rendererDir: r.dir,
    port: 0,
  });
});

afterAll(async () => {
  releaseSlow();
  await host.close();
  cleanup();
});

describe('host WebSocket calls', () => {
  it("answers a fast call that arrived with a slow one without waiting for the slow one's answer", async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answers: Array<{ id: number; result: unknown }> = [];
    const bothAnswered = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const answer = JSON.parse(String(data)) as { id: number; result: unknown };
        answers.push(answer);
        // the slow call may end only once the fast one is answered
        if (answer.id === 2) releaseSlow();
        if (answers.length === 2) resolve();
      });
    });
    // sent together: one tick, likely one TCP segment, so the host reads them in one go
    ws.send(JSON.stringify({ id: 1, channel: 'slow', input: null }));
    ws.send(JSON.stringify({ id: 2, channel: 'fast', input: null }));
    await bothAnswered;
    ws.close();
    expect(started).toEqual(['slow', 'fast']);
    expect(answers).toEqual([
      { id: 2, result: { ok: true, data: 'fast' } },
      { id: 1, result: { ok: true, data: 'slow' } },
    ]);
  });
});
