/**
 * A light curve from the command line alone: `targets add` then `import` (which waits for
 * the photometry its extractions cause), or `import` then `targets add` then `tasks run`
 * (which runs what is queued and what that causes). No app, host or test code runs a task
 * here. The commands that run tasks are processes of their own, as a user runs them; the
 * others (which only read or write rows) run in this process through `main()`, to save the
 * seconds a process takes to start.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-main.js';
import { formatDec, formatRa } from '../../src/core/coords/index.js';
import { parseCsv } from '../../src/main/services/targets/index.js';
import { runCli } from '../helpers/cli.js';
import { starField } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
let files: string[];
// starField puts CRVAL (150.1, 2.2) at CRPIX (64, 64) 1-based with 0.36″ pixels: the star at 0-based (63, 63) is there.
const STARS = [
  { x: 63, y: 63, flux: 50_000 },
  { x: 20.5, y: 30.2, flux: 40_000 },
  { x: 100.2, y: 25.7, flux: 60_000 },
  { x: 30.4, y: 100.1, flux: 45_000 },
  { x: 96.6, y: 98.3, flux: 55_000 },
  { x: 60.2, y: 20.4, flux: 35_000 },
];
const FACTORS = [1, 1.3, 0.8];
const V1 = ['--name', 'V1', '--ra', formatRa(150.1, 3), '--dec', formatDec(2.2, 2)];

beforeAll(() => {
  tmp = tempDir();
  files = FACTORS.map((f, e) => {
    const path = join(tmp.dir, `e${e}.fits`);
    writeFileSync(path, starField(128, 128, STARS.map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? f : 1) })), 200, 4, 70 + e));
    return path;
  });
});

afterAll(() => tmp.cleanup());

/** `nightshift ARGS` in this process: exit code, stdout and stderr. */
/** The light curve's rows (header first), checked for one point per image with the variable's factors. */
async function lightCurve(lib: string): Promise<string[][]> {
  const r = await cli('lightcurve', 'V1', '--data', lib);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const rows = parseCsv(r.stdout);
  expect(rows).toHaveLength(1 + FACTORS.length);
  const flux = rows.slice(1).map((x) => Number(x[rows[0]!.indexOf('flux')]));
  expect(flux[1]! / flux[0]!).toBeCloseTo(FACTORS[1]!, 1);
  expect(flux[2]! / flux[0]!).toBeCloseTo(FACTORS[2]!, 1);
  return rows;
}

describe('a light curve from the command line alone', () => {
  it('targets add, then import: import returns once the photometry it caused is done', async () => {
    const lib = join(tmp.dir, 'lib-a');
    expect((await cli('targets', 'add', '--data', lib, ...V1)).code).toBe(0);
    const imp = await runCli(['import', '--data', lib, '--threads', '1', ...files]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('3 image(s): 3 extracted');
    await lightCurve(lib);
    // one photometry task per target at most is queued: a second when images arrive while the first runs
    const [, n, ok] = /then (\d+) follow-up task\(s\): (\d+) of \1 measured\n/.exec(imp.stdout) ?? [];
    expect(Number(n)).toBeGreaterThanOrEqual(1);
    expect(ok).toBe(n);
    const tasks = JSON.parse((await cli('tasks', '--data', lib, '--json')).stdout) as Array<{ kind: string; status: string }>;
    expect(tasks.filter((t) => t.status !== 'succeeded')).toEqual([]);
    expect(tasks.filter((t) => t.kind === 'photometry')).toHaveLength(Number(n));
  }, 240_000);

  it('import, then targets add, then tasks run: tasks run runs the queued photometry and returns', async () => {
    const lib = join(tmp.dir, 'lib-b');
    const imp = await runCli(['import', '--data', lib, '--threads', '1', ...files]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).not.toContain('follow-up');
    expect((await cli('targets', 'add', '--data', lib, ...V1)).code).toBe(0);
    const none = await cli('lightcurve', 'V1', '--data', lib);
    expect(none.stderr).toContain('no light-curve points yet');
    const run = await runCli(['tasks', 'run', '--data', lib, '--threads', '1']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ran 1 task(s): 1 succeeded, 0 failed\n');
    expect(run.code).toBe(0);
    await lightCurve(lib);
    expect((await cli('tasks', 'run', '--data', lib)).stdout).toBe('no queued tasks\n');
  }, 240_000);

  it('tasks run runs the extractions an import --no-wait queued, and the photometry they cause', async () => {
    const lib = join(tmp.dir, 'lib-c');
    expect((await cli('targets', 'add', '--data', lib, ...V1)).code).toBe(0);
    expect((await runCli(['import', '--data', lib, '--no-wait', ...files])).stdout).toContain('queued 3 extraction task(s)');
    const run = await runCli(['tasks', 'run', '--data', lib, '--threads', '1', '--json']);
    expect(run.code).toBe(0);
    const ran = JSON.parse(run.stdout) as Array<{ kind: string; status: string }>;
    expect(ran.every((t) => t.status === 'succeeded')).toBe(true);
    expect(ran.filter((t) => t.kind === 'extract')).toHaveLength(3);
    expect(ran.filter((t) => t.kind === 'photometry').length).toBeGreaterThanOrEqual(1);
    expect((await cli('tasks', '--data', lib, '--status', 'queued,running')).stdout.trim().split('\n')).toHaveLength(1);
    await lightCurve(lib);
  }, 240_000);
});
