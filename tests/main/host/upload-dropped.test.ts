/**
 * Issue 17: a page closed mid-drop never sends `POST /upload?end=1`. The upload whose
 * connection closes before its reply ends its drop (once the file's import has settled), so
 * the drop's calibration is planned now, not with the next import. An upload answered as
 * usual ends nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { EventBus } from '../../../src/main/services/events.js';
import type { Logger } from '../../../src/main/services/logger.js';
import type { ImportSummaryView } from '../../../src/shared/domain.js';
import { tempDir } from '../../helpers/tmp.js';
import { until } from '../../helpers/until.js';

let host: Host;
let tmp: ReturnType<typeof tempDir>;
const ended: string[] = [];
const warnings: string[] = [];
const logger: Logger = { info() {}, warn: (m) => warnings.push(m), error() {} };
/** Imports under way: each resolves when the test says. */
const importing: Array<{ batch: string; done: (s: ImportSummaryView) => void }> = [];

beforeAll(async () => {
  tmp = tempDir('ns-upload-dropped-');
  mkdirSync(join(tmp.dir, 'renderer'));
  writeFileSync(join(tmp.dir, 'renderer', 'index.html'), '<!doctype html><title>Nightshift</title>');
  host = await startHost({
    dispatch: () => Promise.resolve({ ok: true, data: null }),
    events: new EventBus(),
    logger,
    rendererDir: join(tmp.dir, 'renderer'),
    port: 0,
    upload: {
      tmpDir: join(tmp.dir, 'uploads'),
      importFile: (_path, batch) => new Promise((done) => importing.push({ batch, done })),
      endBatch: (batch) => ended.push(batch),
    },
  });
});

afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

/** Starts `POST /upload` of a small body; resolves with the reply's status, or null if the request was destroyed. */
function upload(batch: string): { req: ReturnType<typeof request>; reply: Promise<number | null> } {
  const origin = `http://127.0.0.1:${host.port}`;
  const req = request(`${origin}/upload?name=a.fits&batch=${batch}&token=${host.token}`, { method: 'POST', headers: { Origin: origin } });
  const reply = new Promise<number | null>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('error', () => resolve(null));
  });
  req.end(Buffer.alloc(2880));
  return { req, reply };
}

const summary: ImportSummaryView = { imported: [{ path: 'a.fits', productId: 1, created: true, name: 'a.fits', taskId: null }], errors: [] };

describe('an upload whose page went away', () => {
  it('ends its drop once its import has settled; one answered ends nothing', async () => {
    const answered = upload('drop-a');
    await until('the first import', () => importing.length === 1);
    importing[0]!.done(summary);
    expect(await answered.reply).toBe(200);
    expect(ended).toEqual([]);

    const cut = upload('drop-b');
    await until('the second import', () => importing.length === 2);
    cut.req.destroy();
    expect(await cut.reply).toBeNull();
    await until('the host saw the connection close', () => warnings.some((w) => w.includes('closed before its reply')));
    // the file's import goes on; the drop ends when it has settled
    expect(ended).toEqual([]);
    importing[1]!.done(summary);
    await until('the drop ended', () => ended.length > 0);
    expect(ended).toEqual(['drop-b']);
  });
});
