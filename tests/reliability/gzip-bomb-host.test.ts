/**
 * The host under a gzip bomb: importing a `.fits.gz` whose headers make the reader inflate a
 * lot (here 48 MB, all of it declared), and rendering its thumbnail, happen off the host's
 * main thread, so its other requests keep answering meanwhile. Each check counts requests
 * answered while the heavy work was in progress (after it began, before its response), which
 * was 0 when the header summary and the thumbnail inflated on the main thread.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatch } from '../../src/main/api/dispatch.js';
import { startHost, type Host } from '../../src/main/host/server.js';
import { importPaths } from '../../src/main/services/library/import-paths.js';
import { productFilePath } from '../../src/main/services/library/product-file.js';
import { silentLogger } from '../../src/main/services/logger.js';
import type { Services } from '../../src/main/services/services.js';
import { fitsGzipBehindZeros } from '../helpers/gzip-bomb.js';
import { testServices } from '../helpers/services.js';
import { tempDir } from '../helpers/tmp.js';

const ZEROS = 48 * 1024 * 1024;

let host: Host;
let services: Services;
let done: () => Promise<void>;
let cleanupRenderer: () => void;
let heavy: Buffer;

beforeAll(async () => {
  const t = testServices();
  services = t.services;
  done = t.done;
  const r = tempDir();
  cleanupRenderer = r.cleanup;
  mkdirSync(join(r.dir, 'assets'));
  writeFileSync(join(r.dir, 'index.html'), '<!doctype html><title>Nightshift</title>');
  host = await startHost({
    dispatch: createDispatch({ services, shell: 'host' }, silentLogger),
    events: services.events,
    logger: silentLogger,
    rendererDir: r.dir,
    port: 0,
    files: (kind, id) => (kind === 'thumb' ? services.thumbnails.path(id) : productFilePath(services.db, services.paths, id)),
    upload: { tmpDir: services.paths.tmp, importFile: (path, batch) => importPaths(services, [path], { extract: false, batchId: batch }) },
  });
  heavy = await fitsGzipBehindZeros(ZEROS);
}, 120_000);

afterAll(async () => {
  await host.close();
  await done();
  cleanupRenderer();
});

const origin = () => `http://127.0.0.1:${host.port}`;
const token = () => new URL(host.url).searchParams.get('token')!;

/** A WebSocket to the host, and a function making one `app:info` round trip over it. */
async function client(): Promise<{ ws: WebSocket; ping: () => Promise<void> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token()}`, { headers: { origin: origin() } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let id = 0;
  const ping = () =>
    new Promise<void>((resolve) => {
      const mine = ++id;
      const onMessage = (raw: WebSocket.RawData) => {
        const msg = JSON.parse(raw.toString()) as { id?: number };
        if (msg.id !== mine) return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, channel: 'app:info' }));
    });
  return { ws, ping };
}

/**
 * Round trips made while `work` is pending, counted from when `started()` first says true
 * (polled between round trips, on this same event loop as the host).
 */
async function answeredDuring<T>(work: Promise<T>, started: () => boolean): Promise<{ value: T; during: number }> {
  const { ws, ping } = await client();
  let finished = false;
  const value = work.finally(() => (finished = true));
  let during = 0;
  while (!finished) {
    const seen = started();
    await ping();
    if (seen && !finished) during++;
    if (!seen) await new Promise((r) => setTimeout(r, 1));
  }
  ws.close();
  return { value: await value, during };
}

describe('a gzip bomb does not stall the host', () => {
  it('answers other requests while a .fits.gz that inflates to 48 MB is imported, and while its thumbnail is drawn', async () => {
    const sha = createHash('sha256').update(heavy).digest('hex');
    const stored = join(services.paths.files, sha.slice(0, 2), `${sha}.fits.gz`);
    const upload = fetch(`${origin()}/upload?name=heavy.fits.gz&batch=bomb`, {
      method: 'POST',
      headers: { origin: origin(), cookie: `nightshift_token=${token()}` },
      body: heavy,
    }).then(async (res) => (await res.json()) as { ok: boolean; data: { imported: Array<{ productId: number }>; errors: unknown[] } });
    // the header summary starts once the upload is in the store
    const imported = await answeredDuring(upload, () => existsSync(stored));
    expect(imported.during).toBeGreaterThanOrEqual(3);
    expect(imported.value.ok).toBe(true);
    expect(imported.value.data.errors).toEqual([]);
    const id = imported.value.data.imported[0]!.productId;
    expect(services.db.prepare('SELECT hdu, width, height FROM data_products WHERE id = ?').get(id)).toEqual({ hdu: 1, width: 10, height: 10 });

    const thumb = fetch(`${origin()}/files/thumb/${id}`, { headers: { cookie: `nightshift_token=${token()}` } }).then(async (res) => ({
      status: res.status,
      type: res.headers.get('content-type'),
    }));
    const drawn = await answeredDuring(thumb, () => true);
    expect(drawn.value).toEqual({ status: 200, type: 'image/png' });
    expect(drawn.during).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
