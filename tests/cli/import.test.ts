import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services/services.js';
import { runCli } from '../helpers/cli.js';
import { writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let lib: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  lib = join(dir, 'lib');
  mkdirSync(join(dir, 'night', 'sub'), { recursive: true });
  for (let i = 0; i < 3; i++) writeStarFits(join(dir, 'night', `f${i}.fits`), { seed: 10 + i });
  writeStarFits(join(dir, 'night', 'sub', 'deep.fit'), { seed: 20 });
  writeFileSync(join(dir, 'night', 'readme.txt'), 'not picked up from a folder');
  writeFileSync(join(dir, 'broken.fits'), 'not FITS at all');
});
afterAll(() => cleanup());

describe('nightshift import / tasks / products', () => {
  it('imports a folder, extracts every image and prints a summary', async () => {
    const r = await runCli(['import', '--data', lib, '--threads', '2', join(dir, 'night')]);
    expect(r.stderr).toContain('4 file(s) in the library (4 new, 0 already there)');
    expect(r.stdout).toMatch(/4 image\(s\): 4 extracted \(\d+ sources\), 0 failed, 0 not imported/);
    expect(r.code).toBe(0);
  });

  it('lists products and tasks as JSON with the documented fields', async () => {
    const p = await runCli(['products', '--data', lib, '--json']);
    const products = JSON.parse(p.stdout) as Array<Record<string, unknown>>;
    expect(products).toHaveLength(4);
    for (const product of products) {
      expect(Object.keys(product)).toEqual(expect.arrayContaining(['id', 'name', 'sha256', 'status', 'sources', 'error']));
      expect(product.status).toBe('extracted');
      expect(product.sources).toBeGreaterThan(0);
    }
    expect(products.map((x) => x.name).sort()).toEqual(['deep.fit', 'f0.fits', 'f1.fits', 'f2.fits']);
    const t = await runCli(['tasks', '--data', lib, '--json']);
    const tasks = JSON.parse(t.stdout) as Array<Record<string, unknown>>;
    expect(tasks).toHaveLength(4);
    for (const task of tasks) {
      expect(task).toMatchObject({ kind: 'extract', status: 'succeeded', attempts: 1, progress: 1, error: null, ranOn: 'local' });
      expect(task).toHaveProperty('id');
    }
    const table = await runCli(['tasks', '--data', lib]);
    expect(table.stdout).toContain('succeeded');
  });

  it('does not duplicate a re-imported file, and reports files it cannot import', async () => {
    const r = await runCli(['import', '--data', lib, join(dir, 'night', 'f0.fits'), join(dir, 'broken.fits'), join(dir, 'missing.fits')]);
    expect(r.stderr).toContain('1 file(s) in the library (0 new, 1 already there), 2 not imported, 0 to extract');
    expect(r.stderr).toContain('broken.fits: fits_error');
    expect(r.stderr).toContain('missing.fits: not_found');
    expect(r.code).toBe(1);
    const p = JSON.parse((await runCli(['products', '--data', lib, '--json'])).stdout) as unknown[];
    expect(p).toHaveLength(4);
  });

  it('--no-wait queues the work; the next import runs it', async () => {
    const other = join(dir, 'lib2');
    const queued = await runCli(['import', '--data', other, '--no-wait', join(dir, 'night', 'f1.fits')]);
    expect(queued.stdout).toContain('queued 1 extraction task(s)');
    const before = JSON.parse((await runCli(['tasks', '--data', other, '--json'])).stdout) as Array<{ status: string }>;
    expect(before.map((t) => t.status)).toEqual(['queued']);
    const again = await runCli(['import', '--data', other, join(dir, 'night', 'f1.fits')]);
    expect(again.stdout).toContain('1 image(s): 1 extracted');
    const after = JSON.parse((await runCli(['tasks', '--data', other, '--json'])).stdout) as Array<{ status: string }>;
    expect(after.map((t) => t.status)).toEqual(['succeeded']);
  });

  it('rejects a bad broker URL and a bad status filter', async () => {
    expect((await runCli(['import', '--data', lib, '--broker', 'http://x', join(dir, 'night')])).stderr).toContain('--broker must be a redis://');
    expect((await runCli(['tasks', '--data', lib, '--status', 'bogus'])).code).toBe(2);
  });

  it('e-mails the summary to the collaborators when SMTP is set up', async () => {
    const bodies: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let body = '';
        stream.on('data', (d: Buffer) => (body += d.toString()));
        stream.on('end', () => {
          bodies.push(body);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const mailLib = join(dir, 'lib-mail');
      const s = createServices({ dataDir: mailLib });
      s.settings.set({ smtp: { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port, to: ['pi@example.org'], from: 'ns@example.org' } });
      await s.close();
      const r = await runCli(['import', '--data', mailLib, join(dir, 'night', 'f2.fits')]);
      expect(r.stderr).toContain('e-mailed the summary to 1 collaborator(s)');
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toContain('Subject: Nightshift: import finished (1/1 extracted)');
      expect(bodies[0]).toContain('1 image(s): 1 extracted');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
