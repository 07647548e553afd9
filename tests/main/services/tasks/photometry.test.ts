/**
 * The `photometry` task kind through the whole service: images made here (one field, a
 * variable star with known factors, Poisson noise) are imported and extracted by the task
 * runner; creating a target at the variable's position queues one photometry task (in a
 * batch) that fills the light curve; a new image of the field is measured automatically
 * after its extraction; running again leaves the same rows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { header, VAR, writeEpoch } from '../../../helpers/variable-field.js';

const FACTORS = [1, 1.2, 0.85, 1.1, 0.95];

let services: Services;
let tmp: ReturnType<typeof tempDir>;

function openTasks(): number {
  return (services.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('queued', 'waiting', 'running')").get() as { n: number }).n;
}

function photometryTasks(): Array<{ id: number; status: string; batch_id: string | null }> {
  return services.db.prepare("SELECT id, status, batch_id FROM tasks WHERE kind = 'photometry' ORDER BY id").all() as Array<{ id: number; status: string; batch_id: string | null }>;
}

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('photometry tasks', () => {
  let targetId = 0;

  it('measures a new target on the extracted images of its field (one task, in a batch)', async () => {
    const paths = FACTORS.slice(0, 4).map((_, e) => writeEpoch(tmp.dir, e, FACTORS));
    const summary = await importPaths(services, paths, { extract: true, batchId: 'import-1' });
    expect(summary.imported).toHaveLength(4);
    await services.tasks.waitFor(summary.imported.map((i) => i.taskId!));
    await until('idle', () => openTasks() === 0);
    expect(photometryTasks()).toEqual([]); // no target yet: nothing to measure

    const wcs = parseWcs(headerFromRecord(header(0)))!;
    const [ra, dec] = wcs.pixToSky(VAR.x, VAR.y);
    const t = services.targetAutomation.inBatch('target-batch', () => services.targets.create({ name: 'V1', ra, dec }));
    targetId = t.id;
    expect(services.targets.products(t.id)).toHaveLength(4);
    const tasks = await until('a photometry task', () => (photometryTasks().length > 0 ? photometryTasks() : null));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.batch_id).toBe('target-batch');
    const [done] = await services.tasks.waitFor([tasks[0]!.id]);
    expect(done!.status).toBe('succeeded');
    // The task names its target (the task panel shows the target's name).
    expect(done!.targetId).toBe(t.id);
    // (the images' own follow-up may have queued a second run for the same target)
    const named = services.tasks.list({ kind: 'photometry' }).map((v) => v.targetId);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((id) => id === t.id)).toBe(true);
    expect(services.tasks.list({ kind: 'extract' }).every((v) => v.targetId === null)).toBe(true);

    const lc = services.targets.lightCurve(t.id);
    expect(lc).toHaveLength(4);
    expect(lc.map((p) => p.productId)).toEqual(summary.imported.map((i) => i.productId));
    const rel = lc.map((p) => p.relFlux!);
    const mean = rel.reduce((a, b) => a + b, 0) / rel.length;
    const meanF = FACTORS.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
    rel.forEach((r, e) => expect(Math.abs(r / mean / (FACTORS[e]! / meanF) - 1)).toBeLessThan(0.03));
    expect(lc[0]!.x).toBeCloseTo(VAR.x, 0);
    expect(lc[0]!.filter).toBe('R');
    expect(lc[0]!.magErr!).toBeGreaterThan(0);
  });

  it('measures again automatically when a new image of the field is extracted', async () => {
    const before = photometryTasks().length;
    const summary = await importPaths(services, [writeEpoch(tmp.dir, 4, FACTORS)], { extract: true, batchId: 'import-2' });
    await services.tasks.waitFor([summary.imported[0]!.taskId!]);
    await until('a second photometry task', () => photometryTasks().length > before);
    await until('idle', () => openTasks() === 0);
    expect(photometryTasks().every((t) => t.status === 'succeeded')).toBe(true);
    const lc = services.targets.lightCurve(targetId);
    expect(lc).toHaveLength(5);
    expect(lc[4]!.productId).toBe(summary.imported[0]!.productId);
  });

  it('is idempotent and keeps at most one queued task per target', async () => {
    const before = services.targets.lightCurve(targetId);
    services.tasks.setPaused(true);
    const a = services.targetAutomation.measure(targetId, { force: true })!;
    const b = services.targetAutomation.measure(targetId, { force: true })!;
    expect(b.id).toBe(a.id);
    services.tasks.setPaused(false);
    const [done] = await services.tasks.waitFor([a.id]);
    expect(done!.status).toBe('succeeded');
    const after = services.targets.lightCurve(targetId);
    expect(after).toEqual(before);
    const n = services.db.prepare('SELECT COUNT(*) AS n FROM photometry WHERE target_id = ?').get(targetId) as { n: number };
    expect(n.n).toBe(5);
  });

  it('emits targets:changed when the light curve is stored', async () => {
    const seen: number[][] = [];
    const off = services.events.onAny((event, payload) => {
      if (event === 'targets:changed') seen.push((payload as { ids: number[] }).ids);
    });
    const task = services.targetAutomation.measure(targetId, { force: true })!;
    await services.tasks.waitFor([task.id]);
    off();
    expect(seen.some((ids) => ids.includes(targetId))).toBe(true);
  });
});
