/**
 * Issue 17: a drop uploaded a file at a time whose page never says it ended (closed mid-drop,
 * its connection gone, the host stopped) no longer waits for the next import to be
 * calibrated: the service ends it after an idle time with no new file, or at the next start.
 * Until its end, its frames are left out of the planning other tasks' ends ask for.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import type { ImportTimers } from '../../../../src/main/services/library/open-imports.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { NoticeView } from '../../../../src/shared/domain.js';
import { smallRawNight } from '../../../helpers/small-raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

/** Timers that fire only when told. */
function fakeTimers(): ImportTimers & { fire(): void; readonly pending: number } {
  const pending = new Map<number, () => void>();
  let n = 0;
  return {
    set(fn) {
      pending.set(++n, fn);
      return n;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const fn of due) fn();
    },
    get pending() {
      return pending.size;
    },
  };
}

const opened: Services[] = [];
const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

function open(dir: string, timers: ImportTimers): Services {
  const services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1 }, imports: { timers } });
  opened.push(services);
  return services;
}

/** Uploads the night's files one at a time into `batch`, as the host does, without ending it. */
async function dropWithoutEnd(services: Services, dir: string, batch: string): Promise<number> {
  const night = smallRawNight(join(dir, 'night'));
  const files = readdirSync(night).sort();
  for (const f of files) await importPaths(services, [join(night, f)], { batchId: batch, more: true });
  return files.length;
}

const kinds = (services: Services, batch: string) => services.tasks.queries.batchCounts(batch).map((c) => c.kind).sort();

describe('a drop never ended', () => {
  it('is ended after an idle time with no new file: its calibration is planned in its batch and its notice comes', async () => {
    const tmp = tempDir('ns-open-imports-');
    dirs.push(tmp);
    const timers = fakeTimers();
    const services = open(tmp.dir, timers);
    const shown: NoticeView[] = [];
    services.notices.addSink((n) => shown.push(n));
    await services.tasks.start();
    await dropWithoutEnd(services, tmp.dir, 'upload-drop-1');
    expect(services.tasks.list({})).toEqual([]);
    // another task's end asks for a plan mid-drop: the drop's frames are left until it ends
    expect(services.calibration.plan()).toEqual([]);
    expect(timers.pending).toBe(1);

    timers.fire();
    expect(kinds(services, 'upload-drop-1')).toEqual(['calib-master']);
    const products = () => listProductRows(services.db).map(toProductView);
    await until('two calibrated lights extracted', () => products().filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length === 2, 120_000);
    await until('the batch notice', () => shown.length > 0, 30_000);
    expect(kinds(services, 'upload-drop-1')).toEqual(['calib-master', 'calibrate', 'extract']);
    expect(shown.map((n) => n.title)).toEqual(['2 of 2 extracted']);
    expect(shown[0]!.body).toBe('11 files: 11 new; 3 masters made, 2 lights calibrated');
  }, 180_000);

  it('is ended when the library is opened again after the process stopped mid-drop', async () => {
    const tmp = tempDir('ns-open-imports-');
    dirs.push(tmp);
    const first = open(tmp.dir, fakeTimers());
    const files = await dropWithoutEnd(first, tmp.dir, 'upload-drop-2');
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const timers = fakeTimers();
    const again = open(tmp.dir, timers);
    expect(listProductRows(again.db)).toHaveLength(files);
    expect(again.tasks.list({})).toEqual([]);
    expect(again.imports.endAbandoned()).toEqual(['upload-drop-2']);
    expect(kinds(again, 'upload-drop-2')).toEqual(['calib-master']);
    // ended once: not again at the next start
    expect(again.imports.endAbandoned()).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('an import that ends as usual leaves nothing to end at the next start', async () => {
    const tmp = tempDir('ns-open-imports-');
    dirs.push(tmp);
    const timers = fakeTimers();
    const services = open(tmp.dir, timers);
    const summary = await importPaths(services, [smallRawNight(join(tmp.dir, 'night'))], { batchId: 'import-1' });
    expect(summary.calibrationTasks.length).toBeGreaterThan(0);
    expect(kinds(services, 'import-1')).toEqual(['calib-master']);
    expect(timers.pending).toBe(0);
    expect(services.imports.endAbandoned()).toEqual([]);
  });
});
