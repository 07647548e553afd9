import type { BatchCounts } from '../../main/services/tasks/task-queries.js';
import { calibrationLine, SUMMARY_KINDS, summaryTitle } from '../../main/services/notices/batch-notices.js';
import type { ProductView, TaskView } from '../../shared/domain.js';

/**
 * `nightshift import`'s summary lines, in the words of the app's batch notice, so that a raw
 * night reads as what it became ("5 masters made, 8 lights calibrated; 8 of 8 extracted")
 * rather than "0 extracted" for the raw frames and "13 follow-up task(s)" for the rest.
 */

/**
 * "23 image(s): 0 extracted (0 sources), 0 failed, 0 not imported; 20 calibration frames, 3
 * lights waiting for masters": the frames the drop brought and what became of them directly.
 * The calibration frames (raw bias, dark, flat and imported masters) and the raw lights that
 * wait for a master are named, since neither is extracted.
 */
export function importedLine(products: readonly ProductView[], failed: number, notImported: number): string {
  const extracted = products.filter((p) => p.status === 'extracted');
  const sources = extracted.reduce((s, p) => s + (p.sources ?? 0), 0);
  const head = `${products.length} image(s): ${extracted.length} extracted (${sources} sources), ${failed} failed, ${notImported} not imported`;
  const calib = products.filter((p) => p.kind === 'master' || (p.kind === 'raw' && p.frameType !== null && p.frameType !== 'light')).length;
  const waiting = products.filter((p) => p.calibWait !== null).length;
  const parts: string[] = [];
  if (calib > 0) parts.push(`${calib} calibration frame${calib === 1 ? '' : 's'}`);
  if (waiting > 0) parts.push(`${waiting} light${waiting === 1 ? '' : 's'} waiting for masters`);
  return parts.length > 0 ? `${head}; ${parts.join(', ')}` : head;
}

/**
 * "then 13 follow-up task(s): 4 masters made, 3 lights calibrated; 3 plate solves run; 3 of 3
 * extracted; 9 sources": the tasks the import caused after its own (masters, calibrations, solves, the
 * extractions that follow them), counted by kind as the batch notice counts them; `sources` is
 * the sum over the products the follow-up extractions made a catalog of.
 */
export function followUpLine(tasks: readonly TaskView[], sources: number): string {
  const byKind = new Map<string, BatchCounts>();
  for (const t of tasks) {
    const c = byKind.get(t.kind) ?? { kind: t.kind, total: 0, ok: 0, failed: 0, cancelled: 0, open: 0 };
    c.total += 1;
    if (t.status === 'succeeded') c.ok += 1;
    else if (t.status === 'failed') c.failed += 1;
    else if (t.status === 'cancelled') c.cancelled += 1;
    else c.open += 1;
    byKind.set(t.kind, c);
  }
  const counts = [...byKind.values()];
  // kinds neither line names when they end well (a calibrated light's plate solve)
  const others = counts
    .filter((c) => c.ok > 0 && !SUMMARY_KINDS.has(c.kind))
    .map((c) => `${c.ok} ${c.kind === 'solve' ? 'plate solve' : `${c.kind} task`}${c.ok === 1 ? '' : 's'} run`);
  const parts = [calibrationLine(counts), ...others, summaryTitle(counts)].filter((s) => s !== '');
  if (byKind.has('extract')) parts.push(`${sources} sources`);
  return `then ${tasks.length} follow-up task(s): ${parts.join('; ')}`;
}
