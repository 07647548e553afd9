import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../../src/main/services/db/open.js';
import { BatchNotices } from '../../../../src/main/services/notices/batch-notices.js';
import { productNames } from '../../../../src/main/services/library/product-queries.js';
import { TaskStore } from '../../../../src/main/services/tasks/task-store.js';
import type { NoticeView } from '../../../../src/shared/domain.js';

function setup(enabled = true, now = () => 0) {
  const db = openDb(':memory:');
  const shown: NoticeView[] = [];
  const notices = new BatchNotices({ tasks: new TaskStore(db), productNames: (ids) => productNames(db, ids), clock: { now }, sink: (n) => shown.push(n), enabled: () => enabled });
  return { db, shown, notices };
}

function addTask(db: Db, batch: string | null, status = 'queued', productId: number | null = null, kind = 'extract'): number {
  return Number(
    db
      .prepare("INSERT INTO tasks (kind, payload, status, batch_id, product_id, created_at, updated_at) VALUES (?, '{}', ?, ?, ?, 'x', 'x')")
      .run(kind, status, batch, productId).lastInsertRowid,
  );
}

function finish(db: Db, id: number, status: 'succeeded' | 'failed' | 'cancelled', message: string | null = null) {
  db.prepare('UPDATE tasks SET status = ?, error_code = ?, error_message = ? WHERE id = ?').run(status, message ? 'fits_error' : null, message, id);
}

describe('batch notices', () => {
  it('announces a batch of 200 once, with at most 3 failure notices, nothing per success', () => {
    const { db, shown, notices } = setup();
    const ids = Array.from({ length: 200 }, () => addTask(db, 'b1'));
    ids.forEach((id, i) => {
      finish(db, id, i % 20 === 0 ? 'failed' : 'succeeded', i % 20 === 0 ? 'truncated FITS' : null);
      notices.onTasksChanged([id]);
    });
    expect(shown.filter((n) => n.title.startsWith('Extraction failed'))).toHaveLength(3);
    const summaries = shown.filter((n) => n.title.includes(' of '));
    expect(summaries).toEqual([expect.objectContaining({ title: '190 of 200 extracted, 10 failed', target: { kind: 'tasks' } })]);
    expect(shown).toHaveLength(4);
  });

  it('waits until the last task of the batch is done, and repeats nothing', () => {
    const { db, shown, notices } = setup();
    const a = addTask(db, 'b2');
    const b = addTask(db, 'b2');
    finish(db, a, 'succeeded');
    notices.onTasksChanged([a]);
    notices.onTasksChanged([a]);
    expect(shown).toHaveLength(0);
    finish(db, b, 'cancelled');
    notices.onTasksChanged([b, a]);
    notices.onTasksChanged([b]);
    expect(shown).toEqual([expect.objectContaining({ title: '1 of 2 extracted, 1 cancelled' })]);
  });

  it('counts the whole import: a drop of 50 files whose 22 extractions start while files still arrive makes one notice', () => {
    const { db, shown, notices } = setup();
    notices.beginImport('drop-1');
    for (let i = 0; i < 50; i++) {
      // the host imports one uploaded file at a time; 28 were in the library already
      notices.beginImport('drop-1');
      const made = i < 22;
      if (made) {
        const id = addTask(db, 'drop-1');
        // each extraction ends before the next file arrives
        finish(db, id, i < 20 ? 'succeeded' : 'failed', i < 20 ? null : 'truncated FITS');
        notices.onTasksChanged([id]);
      }
      notices.recordImport('drop-1', { imported: [{ created: made }], errors: [] });
      expect(shown.filter((n) => n.title.includes(' of '))).toHaveLength(0);
    }
    notices.endImport('drop-1');
    const summaries = shown.filter((n) => n.title.includes(' of '));
    expect(summaries).toEqual([
      expect.objectContaining({ title: '20 of 22 extracted, 2 failed', body: '50 files: 22 new, 28 already in the library', target: { kind: 'tasks' } }),
    ]);
    notices.endImport('drop-1');
    expect(shown.filter((n) => n.title.includes(' of '))).toHaveLength(1);
  });

  it('announces an ended import when its last extraction ends, and counts refused files', () => {
    const { db, shown, notices } = setup();
    notices.beginImport('drop-2');
    const ids = Array.from({ length: 22 }, () => addTask(db, 'drop-2'));
    notices.recordImport('drop-2', { imported: ids.map(() => ({ created: true })), errors: [{}, {}] });
    notices.endImport('drop-2');
    expect(shown).toHaveLength(0);
    for (const id of ids) {
      finish(db, id, 'succeeded');
      notices.onTasksChanged([id]);
    }
    expect(shown).toEqual([expect.objectContaining({ title: '22 of 22 extracted', body: '24 files: 22 new, 2 refused' })]);
  });

  it('counts the photometry a batch caused apart from its extractions', () => {
    const { db, shown, notices } = setup();
    const a = addTask(db, 'csv-1', 'queued', null, 'photometry');
    const b = addTask(db, 'csv-1', 'queued', null, 'photometry');
    finish(db, a, 'succeeded');
    finish(db, b, 'failed', 'no comparison stars');
    notices.onTasksChanged([a, b]);
    expect(shown.filter((n) => n.title.includes(' of '))).toEqual([expect.objectContaining({ title: '1 of 2 measured, 1 failed' })]);
  });

  it('does not wait for ever for an import that never says it ended (the page was closed)', () => {
    let t = 0;
    const { db, shown, notices } = setup(true, () => t);
    notices.beginImport('drop-3');
    const id = addTask(db, 'drop-3');
    finish(db, id, 'succeeded');
    notices.onTasksChanged([id]);
    expect(shown).toHaveLength(0);
    t = 11 * 60_000;
    const late = addTask(db, 'drop-3');
    finish(db, late, 'succeeded');
    notices.onTasksChanged([late]);
    expect(shown).toEqual([expect.objectContaining({ title: '2 of 2 extracted' })]);
  });

  it('points a failure notice at its product', () => {
    const { db, shown, notices } = setup();
    const now = new Date().toISOString();
    const pid = Number(db.prepare("INSERT INTO data_products (sha256, name, store_path, size, created_at, updated_at) VALUES ('abc', 'm51.fits', 'files/ab/abc.fits', 10, ?, ?)").run(now, now).lastInsertRowid);
    const id = addTask(db, null, 'queued', pid);
    finish(db, id, 'failed', 'no image in this file');
    notices.onTasksChanged([id]);
    expect(shown).toEqual([expect.objectContaining({ title: 'Extraction failed: m51.fits', body: 'no image in this file', target: { kind: 'product', id: pid } })]);
  });

  it('caps failures outside batches at 3 a minute', () => {
    let t = 0;
    const { db, shown, notices } = setup(true, () => t);
    for (let i = 0; i < 5; i++) {
      const id = addTask(db, null);
      finish(db, id, 'failed', 'boom');
      notices.onTasksChanged([id]);
    }
    expect(shown).toHaveLength(3);
    t = 61_000;
    const id = addTask(db, null);
    finish(db, id, 'failed', 'boom');
    notices.onTasksChanged([id]);
    expect(shown).toHaveLength(4);
  });

  it('shows nothing when notifications are off', () => {
    const { db, shown, notices } = setup(false);
    const id = addTask(db, 'b3');
    finish(db, id, 'failed', 'x');
    notices.onTasksChanged([id]);
    expect(shown).toHaveLength(0);
  });
});

describe('batch notices of a raw night', () => {
  it('count the calibrated lights by their extractions, say the calibration in the body and a failed calibration in the title', () => {
    const { db, shown, notices } = setup();
    notices.beginImport('night');
    notices.recordImport('night', { imported: Array.from({ length: 23 }, () => ({ created: true })), errors: [] });
    const ids = [
      ...Array.from({ length: 5 }, () => addTask(db, 'night', 'queued', null, 'calib-master')),
      ...Array.from({ length: 8 }, () => addTask(db, 'night', 'queued', null, 'calibrate')),
      ...Array.from({ length: 7 }, () => addTask(db, 'night')),
    ];
    notices.endImport('night');
    ids.forEach((id, i) => finish(db, id, i === 5 ? 'failed' : 'succeeded', i === 5 ? 'flat too faint' : null));
    notices.onTasksChanged(ids);
    expect(shown.filter((n) => n.title.includes(' of '))).toEqual([
      expect.objectContaining({ title: '7 of 7 extracted; 1 calibration failed', body: '23 files: 23 new; 5 masters made, 7 of 8 lights calibrated' }),
    ]);
  });
});
