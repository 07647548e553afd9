/**
 * Hostile input against a real `nightshift host` process: malformed requests, oversize
 * messages, gzip bombs and formula injection in the CSVs it writes. One host serves the whole suite, and
 * after every case it must still be running and serving (`alive()`): no request, however
 * malformed, may end it.
 *
 * To add cases: put a `describe` block below using `host`, `raw()`, `post()`, `socket()` and
 * `alive()`; nothing else needs to change.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fitsGzipBehindZeros, fitsGzipBomb } from '../helpers/gzip-bomb.js';
import { callHost } from '../helpers/host-call.js';
import { startHostProcess } from '../helpers/host-process.js';
import { runCli } from '../helpers/cli.js';
import { starField } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let host: Awaited<ReturnType<typeof startHostProcess>>;
let data: ReturnType<typeof tempDir>;
let port: number;
let origin: string;
let token: string;

beforeAll(async () => {
  data = tempDir();
  host = await startHostProcess(data.dir);
  const url = new URL(host.url);
  port = Number(url.port);
  origin = url.origin;
  token = url.searchParams.get('token')!;
});

afterAll(async () => {
  await host?.stop();
  data?.cleanup();
});

/** The host process is still running and still serves its page. */
async function alive(): Promise<void> {
  expect(host.child.exitCode).toBeNull();
  expect(host.child.signalCode).toBeNull();
  const res = await fetch(host.url);
  expect(res.status).toBe(200);
}

/**
 * Writes `text` as is to the host's port and returns what came back until the host closed the
 * connection. `reset`: send a TCP reset right after writing instead of waiting.
 */
function raw(text: string, options: { reset?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.write(text, 'latin1', () => {
      if (options.reset) socket.resetAndDestroy();
    });
  });
}

const statusLine = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

/** POST with the token in the URL and our Origin unless `headers` says otherwise. */
function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: `${path}${path.includes('?') ? '&' : '?'}token=${token}`, headers: { origin, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** An open WebSocket to the host as its page opens it, with the next message and the close code as promises. */
async function socket(): Promise<{ ws: WebSocket; next: () => Promise<{ id: number | null; result: { ok: boolean; code?: string; message?: string } }>; closed: Promise<number> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { origin } });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`websocket refused: ${res.statusCode}`)));
  });
  const next = () => new Promise<never>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as never)));
  return { ws, next, closed };
}

const HEAD = 'Host: 127.0.0.1\r\nConnection: close\r\n';
const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

describe('malformed requests never end the host', () => {
  it('answers GET // with 400, with or without the token (it used to throw "Invalid URL" and exit)', async () => {
    expect(statusLine(await raw(`GET // HTTP/1.1\r\n${HEAD}\r\n`))).toBe(400);
    await alive();
    expect(statusLine(await raw(`GET //?token=${token} HTTP/1.1\r\n${HEAD}\r\n`))).toBe(400);
    // what <img src="http://127.0.0.1:PORT//"> on any page sends
    const img = await fetch(`${origin}//`);
    expect(img.status).toBe(400);
    await alive();
  });

  it('answers a WebSocket upgrade to // with 400', async () => {
    expect(statusLine(await raw(`GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\n${UPGRADE}\r\n`))).toBe(400);
    expect(statusLine(await raw(`GET //ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\n${UPGRADE}\r\n`))).toBe(400);
    await alive();
  });

  it('refuses other request targets and broken requests with a 4xx', async () => {
    const cases = [
      `GET http://127.0.0.1:${port}/?token=${token} HTTP/1.1\r\n${HEAD}\r\n`, // absolute form
      `OPTIONS * HTTP/1.1\r\n${HEAD}\r\n`,
      `GET /%zz%?token=%zz HTTP/1.1\r\n${HEAD}\r\n`,
      `GET /?token=x&token=${token} HTTP/1.1\r\n${HEAD}Cookie: =;;;=%; nightshift_=\r\n\r\n`,
      `GET / HTTP/1.1\r\n${HEAD}X-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
      '\u0000\u0001 nonsense\r\n\r\n',
      `POST /call?token=${token} HTTP/1.1\r\n${HEAD}Origin: ${origin}\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n${UPGRADE}\r\n`,
    ];
    for (const text of cases) {
      const status = statusLine(await raw(text));
      expect(status, text.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(status, text.slice(0, 60)).toBeLessThan(500);
    }
    await alive();
  });

  it('survives connections reset in the middle of an upgrade, a call and an upload', async () => {
    await raw(`GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\n${UPGRADE}\r\n`, { reset: true });
    await raw(`GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\n`, { reset: true });
    await raw(`POST /call?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\nContent-Length: 1000\r\n\r\n{"chan`, { reset: true });
    await raw(`POST /upload?name=a.fits&token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\nContent-Length: 100000\r\n\r\nSIMPLE`, { reset: true });
    await alive();
    expect(await callHost(host.url, 'app:info')).toMatchObject({ shell: 'host' });
  });

  it('accepts the host\'s own Origins (127.0.0.1 and localhost on its port) on /call and the WebSocket, and no other', async () => {
    for (const o of [origin, `http://localhost:${port}`]) {
      const r = await post('/call', JSON.stringify({ channel: 'app:info' }), { origin: o, 'content-type': 'application/json' });
      expect(r.status, o).toBe(200);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { headers: { origin: o } });
      expect(await new Promise((resolve) => (ws.once('open', () => resolve('open')), ws.once('error', () => resolve('refused'))))).toBe('open');
      ws.close();
    }
    for (const o of ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null']) {
      expect((await post('/call', JSON.stringify({ channel: 'app:info' }), { origin: o })).status, o).toBe(403);
      expect((await post('/upload?name=a.fits', 'SIMPLE', { origin: o })).status, o).toBe(403);
    }
  });
});

describe('uploads answer with what happened', () => {
  it('answers a file that is not FITS with 400 and its reason, not 200 ok:true', async () => {
    const r = await post('/upload?name=notes.fits&batch=hostile', 'this is not a FITS file at all');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: expect.stringMatching(/^(fits_error|invalid_argument)$/), message: expect.any(String) });
    await alive();
  });

  it('takes a Japanese file name of 150 characters (450 bytes), cut by bytes', async () => {
    const name = `${'星'.repeat(150)}.fits`;
    const r = await post(`/upload?name=${encodeURIComponent(name)}&batch=hostile`, Buffer.from(starField(64, 64, [{ x: 30, y: 30, flux: 20_000 }], 100, 3, 5, { CRVAL1: 10, CRVAL2: -30 })));
    expect(r.status, r.body).toBe(200);
    const body = JSON.parse(r.body) as { ok: boolean; data: { imported: Array<{ productId: number; created: boolean }> } };
    expect(body.data.imported).toHaveLength(1);
    await alive();
  });
});

describe('CSV cells are neutralised against formula injection', () => {
  const EVIL_NAME = '=cmd|"/c calc"!A1';
  const EVIL_FILTER = '=HYPERLINK("http://example.invalid","x")';
  const EVIL_FILE = '=1+2.fits';

  /** The cells of CSV text as written (quotes removed, no formula guard undone). */
  function cells(csv: string): string[][] {
    const out: string[][] = [];
    for (const line of csv.replace(/\r\n/g, '\n').split('\n').filter(Boolean)) {
      const row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quoted && c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') {
          quoted = !quoted;
        } else if (c === ',' && !quoted) {
          row.push(cell);
          cell = '';
        } else {
          cell += c;
        }
      }
      row.push(cell);
      out.push(row);
    }
    return out;
  }

  /** No cell a spreadsheet would run: none starts with = + - @ tab or CR unless it is a number. */
  function expectSafe(csv: string): void {
    for (const row of cells(csv)) for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/);
  }

  it('neutralises a target name, a FITS FILTER and a file name in every export of the host and the CLI', async () => {
    // two images named and filtered with formulas, uploaded as the browser does
    for (const [k, name] of [EVIL_FILE, '@SUM(1).fits'].entries()) {
      const stars = [
        { x: 63, y: 63, flux: 50_000 + 10_000 * k },
        { x: 20.5, y: 30.2, flux: 40_000 },
        { x: 100.2, y: 25.7, flux: 60_000 },
        { x: 30.4, y: 100.1, flux: 45_000 },
        { x: 96.6, y: 98.3, flux: 55_000 },
        { x: 60.2, y: 20.4, flux: 35_000 },
      ];
      const fits = starField(128, 128, stars, 200, 4, 70 + k, {
        FILTER: EVIL_FILTER,
        'DATE-OBS': `2026-11-2${k}T03:04:05`,
      });
      const r = await post(`/upload?name=${encodeURIComponent(name)}&batch=hostile`, Buffer.from(fits));
      expect(r.status, r.body).toBe(200);
    }
    const target = (await callHost(host.url, 'targets:create', { name: EVIL_NAME, ra: '150.1', dec: '2.2', tags: ['-x', 'ok'], notes: '@SUM(A1:A9)' })) as { id: number };
    for (let i = 0; ; i++) {
      const lc = (await callHost(host.url, 'targets:lightcurve', { id: target.id })) as unknown[];
      if (lc.length === 2) break;
      if (i > 600) throw new Error(`no light curve: ${JSON.stringify(await callHost(host.url, 'tasks:list', {}))} ${JSON.stringify(await callHost(host.url, 'targets:images', { id: target.id }))}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const { csv: targetsCsv } = (await callHost(host.url, 'targets:exportCsv')) as { csv: string };
    expectSafe(targetsCsv);
    const ours = cells(targetsCsv).find((r) => r[0]!.includes('cmd'))!;
    expect(ours[0]).toBe(`'${EVIL_NAME}`);
    expect(ours).toContain("'@SUM(A1:A9)");
    expect(targetsCsv).toContain(`"'${EVIL_NAME.replace(/"/g, '""')}"`);

    for (const layout of ['tom', 'table'] as const) {
      const { csv } = (await callHost(host.url, 'targets:exportPhotometry', { id: target.id, layout })) as { csv: string };
      expectSafe(csv);
      const rows = cells(csv);
      const filter = rows[0]!.indexOf('filter');
      expect(rows.slice(1).map((r) => r[filter])).toEqual([`'${EVIL_FILTER}`, `'${EVIL_FILTER}`]);
      if (layout === 'table') expect(rows.slice(1).map((r) => r[rows[0]!.indexOf('product')])).toEqual([`'${EVIL_FILE}`, "'@SUM(1).fits"]);
    }

    // the CLI's exports of the same library (the host's tasks are done: nothing runs)
    const exported = await runCli(['targets', 'export', '--data', data.dir]);
    expect(exported.code, exported.stderr).toBe(0);
    expectSafe(exported.stdout);
    expect(exported.stdout).toContain(`"'${EVIL_NAME.replace(/"/g, '""')}"`);
    for (const format of ['csv', 'tom']) {
      const lc = await runCli(['lightcurve', String(target.id), '--format', format, '--data', data.dir]);
      expect(lc.code, lc.stderr).toBe(0);
      expectSafe(lc.stdout);
      expect(lc.stdout).toContain(`"'${EVIL_FILTER.replace(/"/g, '""')}"`);
    }

    // and an export read back gives the names as they were
    const file = join(data.dir, 'round-trip.csv');
    writeFileSync(file, exported.stdout);
    const other = join(data.dir, 'other-library');
    expect((await runCli(['targets', 'import', '--data', other, file])).code).toBe(0);
    const listed = JSON.parse((await runCli(['targets', 'list', '--data', other, '--json'])).stdout) as Array<{ name: string; notes: string; tags: string[] }>;
    expect(listed.find((t) => t.name === EVIL_NAME)).toMatchObject({ notes: '@SUM(A1:A9)', tags: ['-x', 'ok'] });
    await alive();
  }, 120_000);

  it('reports an unterminated quote with the line it opens on, and imports nothing', async () => {
    const r = await post('/call', JSON.stringify({ channel: 'targets:importCsv', input: { text: 'name,ra,dec\nA,1,1\n"B,2,2\nC,3,3\nD,4,4\nE,5,5\n' } }), {});
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, code: 'invalid_argument', message: expect.stringMatching(/^line 3: .*quoted field/) });
    const names = ((await callHost(host.url, 'targets:list')) as Array<{ name: string }>).map((t) => t.name);
    expect(names).not.toContain('A');
    await alive();
  });
});

describe('oversize messages are refused with a reply', () => {
  it('answers a 2 MiB WebSocket message with invalid_argument for its id, and the socket stays usable', async () => {
    const { ws, next } = await socket();
    ws.send(JSON.stringify({ id: 7, channel: 'targets:importCsv', input: { text: `name,ra,dec\n${'x'.repeat(2 << 20)}` } }));
    const reply = await next();
    expect(reply.id).toBe(7);
    expect(reply.result).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(reply.result.message).toMatch(/over the 1048576-byte limit/);
    ws.send(JSON.stringify({ id: 8, channel: 'app:info' }));
    expect(await next()).toMatchObject({ id: 8, result: { ok: true } });
    ws.close();
    await alive();
  });

  it('closes a socket sending 9 MiB with 1009 without reading it, and serves the next one', async () => {
    const { ws, closed } = await socket();
    ws.send(Buffer.alloc(9 << 20, 0x20));
    expect(await closed).toBe(1009);
    await alive();
    expect(await callHost(host.url, 'app:info')).toMatchObject({ shell: 'host' });
  });

  it('refuses a /call body declared over 64 MiB with 413 before reading it', async () => {
    const r = await raw(`POST /call?token=${token} HTTP/1.1\r\n${HEAD}Origin: ${origin}\r\nContent-Length: ${(64 << 20) + 1}\r\n\r\n{`);
    expect(statusLine(r)).toBe(413);
    await alive();
  });

  it('imports a 3.0 MB target CSV (30,000 targets) by POST /call, the way the Targets page sends one too large for the socket', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `T${String(i).padStart(6, '0')}-${'n'.repeat(60)},${(i * 0.0119) % 360},${((i * 0.0073) % 170) - 85},2000`);
    const csv = `name,ra,dec,epoch\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(3_000_000);
    const r = await post('/call', JSON.stringify({ channel: 'targets:importCsv', input: { text: csv } }), { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    const result = JSON.parse(r.body) as { ok: boolean; data: { created: number[]; errors: string[] } };
    expect(result.ok).toBe(true);
    expect(result.data.created).toHaveLength(30_000);
    expect(result.data.errors).toEqual([]);
    // a call its contract refuses is a 400 with the reason, not a crash
    const over = await post('/call', JSON.stringify({ channel: 'app:info', input: 1 }), {});
    expect(over.status).toBe(400);
    await alive();
  }, 120_000);
});

describe('gzip bombs are refused while the host keeps answering', () => {
  type Product = { id: number; name: string; status: string; width: number | null; error: { code: string; message: string } | null };

  /** Uploads `bytes` as `name` and returns the product made from it. */
  async function upload(name: string, bytes: Buffer): Promise<number> {
    const r = await post(`/upload?name=${encodeURIComponent(name)}&batch=bombs`, bytes);
    expect(r.status, r.body).toBe(200);
    const body = JSON.parse(r.body) as { ok: boolean; data: { imported: Array<{ productId: number }>; errors: unknown[] } };
    expect(body.data.errors).toEqual([]);
    return body.data.imported[0]!.productId;
  }

  /**
   * Makes `app:info` round trips until `done()` says true (checked between them; deadline
   * `seconds`), and returns how many were answered.
   */
  async function answeredUntil(done: () => Promise<boolean>, seconds = 110): Promise<number> {
    const { ws } = await socket();
    // the reply to call `id` (events pushed on the socket meanwhile are skipped)
    const reply = (id: number) =>
      new Promise<unknown>((resolve) => {
        const onMessage = (d: WebSocket.RawData) => {
          const msg = JSON.parse(d.toString()) as { id?: number };
          if (msg.id !== id) return;
          ws.off('message', onMessage);
          resolve(msg);
        };
        ws.on('message', onMessage);
      });
    const deadline = Date.now() + seconds * 1000;
    let answered = 0;
    for (let id = 1; !(await done()); id++) {
      if (Date.now() > deadline) throw new Error('the condition did not come true before the deadline');
      const answer = reply(id);
      ws.send(JSON.stringify({ id, channel: 'app:info' }));
      expect(await answer).toMatchObject({ id, result: { ok: true } });
      answered++;
    }
    ws.close();
    return answered;
  }

  const product = async (id: number) => ((await callHost(host.url, 'products:list', {})) as Product[]).find((p) => p.id === id)!;
  const settled = async (id: number) => ['failed', 'extracted'].includes((await product(id)).status);

  it('imports a 1 MB gzip of 1 GiB of zeros behind a 10×10 image by its headers, and its extraction fails as gzip_bomb', async () => {
    const bomb = await fitsGzipBomb(1 << 30);
    expect(bomb.length).toBeLessThan(2 << 20);
    const id = await upload('bomb.fits.gz', bomb);
    expect(await product(id)).toMatchObject({ width: 10 });
    await answeredUntil(() => settled(id));
    const p = await product(id);
    expect(p.status).toBe('failed');
    expect(p.error?.message).toMatch(/gzip_bomb/);
    expect(p.error?.message).not.toMatch(/\n/);
    await alive();
  }, 120_000);

  it('stops a bomb whose gzip trailer (ISIZE) claims 5760 bytes the same way', async () => {
    const id = await upload('liar.fits.gz', await fitsGzipBomb(256 << 20, { isize: 5760 }));
    await answeredUntil(() => settled(id));
    const p = await product(id);
    expect(p.status).toBe('failed');
    expect(p.error?.message).toMatch(/gzip_bomb/);
    await alive();
  }, 120_000);

  it('keeps answering while a .fits.gz whose headers declare 48 MB is imported and its thumbnail drawn', async () => {
    const heavy = await fitsGzipBehindZeros(48 << 20);
    let imported: number | null = null;
    const importing = upload('heavy.fits.gz', heavy).then((id) => (imported = id));
    const duringImport = await answeredUntil(async () => imported !== null);
    await importing;
    const id = imported!;
    expect(await product(id)).toMatchObject({ width: 10 });

    let drawn: { status: number; type: string | null } | null = null;
    const thumb = fetch(`${origin}/files/thumb/${id}?token=${token}`).then((res) => (drawn = { status: res.status, type: res.headers.get('content-type') }));
    const duringThumb = await answeredUntil(async () => drawn !== null);
    await thumb;
    expect(drawn).toEqual({ status: 200, type: 'image/png' });
    // other requests were answered while each was in progress (none when either ran on the main thread)
    expect(duringImport + duringThumb).toBeGreaterThanOrEqual(1);
    await alive();
  }, 120_000);
});
