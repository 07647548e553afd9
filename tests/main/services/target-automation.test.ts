/**
 * TargetAutomation without a task runner: an image imported with a WCS is linked to the
 * targets on it at once (before any extraction), but its photometry waits for a catalogue;
 * automatic photometry can be switched off; the worker half refuses missing files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photometryWorker } from '../../../src/main/services/tasks/kinds/photometry/run.js';
import { TaskError } from '../../../src/shared/task-error.js';
import type { Services } from '../../../src/main/services/services.js';
import { starField } from '../../helpers/seed.js';
import { testServices } from '../../helpers/services.js';
import { tempDir } from '../../helpers/tmp.js';

let services: Services;
let done: () => Promise<void>;
let tmp: ReturnType<typeof tempDir>;

const settle = () => new Promise((r) => setTimeout(r, 20));
const photometryTasks = () => services.db.prepare("SELECT id, status FROM tasks WHERE kind = 'photometry'").all() as Array<{ id: number; status: string }>;

beforeAll(() => {
  ({ services, done } = testServices());
  tmp = tempDir();
});
afterAll(async () => {
  await done();
  tmp.cleanup();
});

describe('target automation', () => {
  it('links an imported image to the targets on it, and waits for its catalogue to measure', async () => {
    const t = services.targets.create({ name: 'Here', ra: 150.1, dec: 2.2 });
    const changed: number[][] = [];
    const off = services.events.onAny((e, p) => {
      if (e === 'targets:changed') changed.push((p as { ids: number[] }).ids);
    });
    const path = join(tmp.dir, 'a.fits');
    writeFileSync(path, starField(128, 128, [{ x: 63, y: 63, flux: 30_000 }], 100, 2, 3));
    const { product } = await services.library.importFile(path);
    await settle();
    off();
    expect(services.targets.products(t.id).map((l) => l.productId)).toEqual([product.id]);
    expect(changed.some((ids) => ids.includes(t.id))).toBe(true);
    expect(photometryTasks()).toEqual([]);
    // Extracted (as the extract task would mark it) and matched again: now it is measured.
    services.db.prepare("UPDATE data_products SET status = 'extracted' WHERE id = ?").run(product.id);
    services.targets.matchProduct(product.id);
    expect(photometryTasks()).toEqual([expect.objectContaining({ status: 'queued' })]);
    // A second request while one is queued returns the same task.
    services.targets.matchProduct(product.id);
    expect(photometryTasks()).toHaveLength(1);
  });

  it('queues nothing by itself when automatic photometry is off, but measures on request', async () => {
    services.settings.set({ photometry: { auto: false } });
    const t = services.targets.create({ name: 'Also here', ra: 150.1001, dec: 2.2001 });
    expect(services.targets.products(t.id)).toHaveLength(1);
    expect(photometryTasks()).toHaveLength(1);
    const task = services.targetAutomation.measure(t.id, { force: true });
    expect(task).not.toBeNull();
    expect(photometryTasks()).toHaveLength(2);
  });

  it('measures only the imported targets that are on an extracted image', async () => {
    services.settings.set({ photometry: { auto: true } });
    const before = photometryTasks().length;
    const r = services.targetAutomation.inBatch('csv-1', () =>
      services.targets.importCsv('name,ra,dec\nOn it,150.0999,2.1999\nElsewhere 1,10,10\nElsewhere 2,20,-20\n'),
    );
    expect(r.created).toHaveLength(3);
    const added = services.db.prepare("SELECT batch_id, json_extract(payload, '$.targetId') AS t FROM tasks WHERE kind = 'photometry' ORDER BY id").all().slice(before) as Array<{ batch_id: string; t: number }>;
    expect(added).toEqual([{ batch_id: 'csv-1', t: services.targets.get('On it').id }]);
  });

  it('queues many targets at once: one task each, a target listed twice once, queued ones reused', () => {
    services.settings.set({ photometry: { auto: true } });
    services.targets.importCsv('name,ra,dec\nMany 1,1,1\nMany 2,2,2\nMany 3,3,3\n'); // on no image: nothing queued by itself
    const [a, b, c] = ['Many 1', 'Many 2', 'Many 3'].map((n) => services.targets.get(n).id);
    const first = services.targetAutomation.measure(a!)!;
    const before = photometryTasks().length;
    const many = services.targetAutomation.measureMany([a!, b!, c!, b!], { batchId: 'many' });
    expect(many).toHaveLength(4);
    expect(many[0]!.id).toBe(first.id);
    expect(many[3]!.id).toBe(many[1]!.id);
    expect(photometryTasks().length - before).toBe(2);
    const rows = services.db.prepare("SELECT batch_id, json_extract(payload, '$.targetId') AS t FROM tasks WHERE id IN (?, ?) ORDER BY id").all(many[1]!.id, many[2]!.id);
    expect(rows).toEqual([
      { batch_id: 'many', t: b },
      { batch_id: 'many', t: c },
    ]);
    services.settings.set({ photometry: { auto: false } });
    expect(services.targetAutomation.measureMany([b!, c!])).toEqual([]);
  });

  it('does not count a queued task already handed to a runner: it has read its images', () => {
    services.settings.set({ photometry: { auto: true } });
    const t = services.targets.create({ name: 'Claimed', ra: 5, dec: 5 });
    const first = services.targetAutomation.measure(t.id)!;
    expect(services.targetAutomation.measure(t.id)!.id).toBe(first.id);
    // Claimed as the task service claims a pool task: still `queued` (waiting for a thread, or on
    // the broker), but prepared — its input (the images, their catalogues) is read at the claim.
    for (const jobId of ['local', 'pending']) {
      services.db.prepare('UPDATE tasks SET job_id = ? WHERE id = ?').run(jobId, first.id);
      const again = services.targetAutomation.measure(t.id)!;
      expect(again.id).not.toBe(first.id);
      expect(again.status).toBe('queued');
      services.db.prepare("UPDATE tasks SET status = 'cancelled' WHERE id = ?").run(again.id);
    }
  });

  it('fails a photometry job whose files are not on this machine instead of dropping points', () => {
    const input = {
      target: { ra: 150.1, dec: 2.2, epoch: 2000, pmRa: null, pmDec: null },
      images: [{ productId: 1, path: join(tmp.dir, 'missing.fits'), hdu: null, fwhm: null }],
      reference: { stars: [], width: 0, height: 0 },
    };
    const parsed = photometryWorker.input.parse(input);
    expect(() => photometryWorker.run(parsed, { progress: () => {}, file: (ref) => ref.path })).toThrow(TaskError);
    try {
      photometryWorker.run(parsed, { progress: () => {}, file: (ref) => ref.path });
    } catch (err) {
      expect((err as TaskError).code).toBe('not_found');
    }
  });
});
