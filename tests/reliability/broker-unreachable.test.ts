import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { freePort, startRedis, type TestRedis } from '../helpers/redis.js';
import { writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';
import { appOnBroker, importAndExtract, until } from './broker-helpers.js';

// These guard against a hang (the defect ran for ever); they are not speed limits.
const HANG_MS = 60_000;

let redis: TestRedis;
let locked: TestRedis;
let dir: string;
let cleanup: () => void;
let image: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  [redis, locked] = await Promise.all([startRedis(), startRedis(undefined, ['--requirepass', 's3cret'])]);
  image = writeStarFits(join(dir, 'one.fits'), { seed: 7, size: 96, stars: 5 });
});
afterAll(async () => {
  await Promise.all([redis.stop(), locked.stop()]);
  cleanup();
});

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

describe('a broker that cannot be used', () => {
  it('import --broker: one line saying what is wrong, exit 2, nothing imported (refused, no password, wrong password)', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const noPassword = `redis://127.0.0.1:${locked.port}`;
    const wrongPassword = `redis://:nope@127.0.0.1:${locked.port}`;
    const runs = await Promise.all(
      [closed, noPassword, wrongPassword].map((url, i) => runCli(['import', '--data', join(dir, `lib-bad-${i}`), '--broker', url, image])),
    );
    const expected = [/nothing is listening at redis:\/\/127\.0\.0\.1:\d+/, /needs a password/, /refused the password/];
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^nightshift: the broker: /);
      expect(r.stderr).toMatch(expected[i]!);
      expect(r.stderr).not.toContain('nope');
      // Checked before anything was stored: the library was not even created.
      expect(existsSync(join(dir, `lib-bad-${i}`))).toBe(false);
    });
  }, HANG_MS);

  it('worker --broker: says the same and exits 2 instead of retrying silently', async () => {
    const r = await runCli(['worker', '--broker', `redis://:nope@127.0.0.1:${locked.port}`, '--cache', join(dir, 'wc')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^nightshift: the broker: .*refused the password/);
  }, HANG_MS);

  it('the app on an unreachable or password-refusing broker starts, shows it unreachable with its tasks waiting, and closes', async () => {
    for (const [i, url] of [`redis://127.0.0.1:${await freePort()}`, `redis://:nope@127.0.0.1:${locked.port}`].entries()) {
      const s = appOnBroker(join(dir, `app-${i}`), url, `down${i}`, true);
      try {
        await s.tasks.start();
        expect(s.tasks.brokerReachable).toBe(false);
        const ids = await importAndExtract(s, dir, 2, 40 + i, 64);
        await until(() => ids.every((id) => s.tasks.get(id).status === 'waiting'), 10_000);
      } finally {
        await s.close();
      }
    }
  }, HANG_MS);
});

describe('a signal', () => {
  it('ends import --broker while Redis is gone (tasks waiting), leaving the library consistent; a later import finishes', async () => {
    const night = join(dir, 'night');
    for (let i = 0; i < 4; i++) writeStarFits(join(night, `s${i}.fits`), { seed: 300 + i, size: 128, stars: 8 });
    const lib = join(dir, 'lib-sig');
    const dead = await startRedis();
    const child = spawnCli(['import', '--data', lib, '--broker', dead.url, night]);
    const exited = exitOf(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    // Redis goes away once the files are in: the tasks wait for it.
    await until(() => existsSync(join(lib, 'nightshift.db')) && count(join(lib, 'nightshift.db'), 'SELECT COUNT(*) AS n FROM tasks') === 4, 30_000);
    await dead.stop();
    await until(() => count(join(lib, 'nightshift.db'), "SELECT COUNT(*) AS n FROM tasks WHERE status = 'waiting'") > 0, 30_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const r = await exited;
    const tookMs = Date.now() - signalled;
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain('interrupted');
    expect(out).toBe('');
    const db = new Database(join(lib, 'nightshift.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Nothing left running in this process (broker rows are brought in line with Redis at the next start).
      expect(db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND runner != 'broker'").get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM data_products').get()).toEqual({ n: 4 });
    } finally {
      db.close();
    }
    // Redis is back (empty: it lost the jobs); the same import finishes the work, once.
    await dead.restart();
    const again = await runCli(['import', '--data', lib, '--threads', '1', '--broker', dead.url, night]);
    await dead.stop();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('4 image(s): 4 extracted');
    // Reported, not asserted (timing): how long the signal took to end the process.
    process.stderr.write(`import --broker ended ${tookMs} ms after SIGTERM\n`);
  }, HANG_MS);

  it('ends worker --broker while Redis is gone', async () => {
    const dead = await startRedis();
    const child = spawnCli(['worker', '--broker', dead.url, '--cache', join(dir, 'wc2'), '--concurrency', '1']);
    const exited = exitOf(child);
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
    await dead.stop();
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGINT');
    const r = await exited;
    // 0 when it stopped cleanly; 130 when the grace period ran out first.
    expect([0, 130], r.stderr).toContain(r.code);
  }, HANG_MS);
});

function count(dbFile: string, sql: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
