import { basename } from 'node:path';
import type { Command } from 'commander';
import { importPaths } from '../../main/services/library/import-paths.js';
import { stderrLogger } from '../../main/services/logger.js';
import { createServices, type Services } from '../../main/services/services.js';
import type { TaskView } from '../../shared/domain.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';
import { requireBroker } from '../require-broker.js';
import { onStopSignal, signalExitCode } from '../stop-signal.js';
import { exitQuietlyOnEpipe } from './epipe.js';
import { collectFollowUps, extractionsAfterSolve, waitForImport } from './import-follow-ups.js';
import { followUpLine, importedLine } from './import-summary.js';

interface ImportOptions {
  data?: string;
  broker?: string;
  wait: boolean;
  threads?: number;
  json?: boolean;
  email: boolean;
}

/** One status line: a bar, counts, and the running task's stage. */
export function progressLine(tasks: readonly TaskView[], width = 24): string {
  const total = tasks.length;
  const finished = tasks.filter((t) => t.status === 'succeeded' || t.status === 'failed' || t.status === 'cancelled').length;
  const failed = tasks.filter((t) => t.status === 'failed').length;
  const running = tasks.filter((t) => t.status === 'running');
  const waiting = tasks.filter((t) => t.status === 'waiting').length;
  const fraction = total === 0 ? 1 : tasks.reduce((s, t) => s + (t.finishedAt ? 1 : t.status === 'running' ? t.progress : 0), 0) / total;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const parts = [`${bar} ${finished}/${total} done`, `${running.length} running`];
  if (waiting) parts.push(`${waiting} waiting (broker unreachable)`);
  if (failed) parts.push(`${failed} failed`);
  return parts.join(', ');
}

/** ` (n of them plate-solved first)` when some of the tasks are `solve` tasks. */
function solvingCount(services: Services, taskIds: readonly number[]): string {
  const n = taskIds.filter((id) => services.tasks.get(id).kind === 'solve').length;
  return n > 0 ? ` (${n} of them plate-solved first)` : '';
}

async function waitForDispatch(services: Services, ids: readonly number[]): Promise<void> {
  // With a broker and --no-wait, stay until every task is handed to Redis (or finished).
  for (;;) {
    const left = services.tasks.queries.undispatched(ids);
    if (left.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `nightshift import PATH...`: copies FITS files (and the FITS files in folders) into the
 * library, queues their extraction and, unless --no-wait, runs it and the tasks it causes
 * (photometry of the targets on the images) and prints a summary.
 * Running it again after a crash finishes what was left; the same file is never stored twice.
 */
export function register(program: Command): void {
  withDataOption(program.command('import'))
    .description('import FITS files and folders into the library and extract their sources')
    .argument('<paths...>', 'FITS files or folders (searched recursively)')
    .option('--broker <url>', 'run the extraction through this Redis broker (redis:// or rediss://) instead of the local pool')
    .option('--no-wait', 'queue the extraction and return (the app, `nightshift tasks run` or a later import runs it)')
    .option('--threads <n>', 'local worker threads (default: settings, else cores − 1)', intOption(1, 256))
    .option('--json', 'print the summary as JSON')
    .option('--no-email', 'do not e-mail the summary to the collaborators of the SMTP settings')
    .action(async (paths: string[], opts: ImportOptions) => {
      exitQuietlyOnEpipe();
      // Checked before anything is stored: a broker that cannot be used would leave the tasks
      // waiting for ever.
      if (opts.broker !== undefined) await requireBroker(opts.broker);
      const logger = stderrLogger('nightshift-import');
      const services = createServices({ dataDir: resolveDataDir(opts), logger, tasks: { threads: opts.threads, brokerUrl: opts.broker, warmUp: true } });
      const tty = process.stderr.isTTY === true;
      let interrupted = false;
      const followUps = collectFollowUps(services);
      // A signal ends the import within a few seconds (onStopSignal), even when the broker is gone.
      const disposeSignals = onStopSignal((signal) => {
        interrupted = true;
        process.stderr.write('\ninterrupted: unfinished work stays queued; run the same import again to finish it\n');
        void services.close().then(() => process.exit(signalExitCode(signal)));
      });
      try {
        const broker = opts.broker ?? services.settings.get().broker.url;
        if (opts.broker === undefined && broker) await requireBroker(broker);
        if (opts.wait || broker) await services.tasks.start();
        const batchId = `import-${Date.now().toString(36)}`;
        const summary = await importPaths(services, paths, {
          batchId,
          onFile: (n, total, path) => {
            if (tty) process.stderr.write(`\rimporting ${n}/${total} ${basename(path).slice(0, 40).padEnd(40)}`);
          },
        });
        if (tty) process.stderr.write('\n');
        const taskIds = [...new Set(summary.imported.map((f) => f.taskId).filter((id): id is number => id !== null))];
        const created = summary.imported.filter((f) => f.created).length;
        process.stderr.write(
          `${summary.imported.length} file(s) in the library (${created} new, ${summary.imported.length - created} already there), ${summary.errors.length} not imported, ${taskIds.length} to extract${solvingCount(services, taskIds)}\n`,
        );
        for (const e of summary.errors) process.stderr.write(`  ${e.path}: ${e.code}: ${e.message}\n`);
        if (!opts.wait) {
          if (broker) await waitForDispatch(services, taskIds);
          if (opts.json) process.stdout.write(`${JSON.stringify({ ...summary, tasks: taskIds })}\n`);
          else process.stdout.write(`queued ${taskIds.length} extraction task(s)${broker ? ' on the broker' : ''}\n`);
          return;
        }
        let lastLine = '';
        let lastPrint = 0;
        // images without a celestial WCS are solved first; their extraction follows the solve
        const solving = summary.imported.filter((f) => f.taskId !== null && services.tasks.get(f.taskId).kind === 'solve').map((f) => f.productId);
        const { tasks, followUps: followed } = await waitForImport(
          services,
          taskIds,
          followUps,
          (views) => {
            const line = progressLine(views);
            const now = Date.now();
            if (line === lastLine || (!tty && now - lastPrint < 2000)) return;
            lastLine = line;
            lastPrint = now;
            process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
          },
          () => extractionsAfterSolve(services, solving, batchId),
        );
        if (tty) process.stderr.write('\n');
        if (interrupted) return;
        const products = summary.imported.map((f) => services.library.get(f.productId));
        const extracted = products.filter((p) => p.status === 'extracted');
        const failed = tasks.filter((t) => t.status !== 'succeeded');
        const followFailed = followed.filter((t) => t.status !== 'succeeded');
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, products, tasks, followUps: followed })}\n`);
        } else {
          process.stdout.write(`${importedLine(products, failed.length, summary.errors.length)}\n`);
          for (const t of failed) {
            const p = products.find((x) => x.id === t.productId);
            process.stdout.write(`  ${p?.name ?? `task ${t.id}`}: ${t.error?.code ?? t.status}: ${t.error?.message ?? ''}\n`);
          }
          const solutions = products.filter((p) => p.solution !== null);
          if (solutions.length > 0) {
            const solvedCount = solutions.filter((p) => p.solution?.solved).length;
            process.stdout.write(`plate solving: ${solvedCount} solved, ${solutions.length - solvedCount} not solved\n`);
            for (const p of solutions) if (p.solution && !p.solution.solved) process.stdout.write(`  ${p.name}: ${p.solution.reason}: ${p.solution.message}\n`);
          }
          if (followed.length > 0) {
            const made = new Set(followed.filter((t) => t.kind === 'extract' && t.status === 'succeeded' && t.productId !== null).map((t) => t.productId!));
            const followSources = [...made].reduce((n, id) => n + (services.library.get(id).sources ?? 0), 0);
            process.stdout.write(`${followUpLine(followed, followSources)}\n`);
          }
          for (const t of followFailed) process.stdout.write(`  ${t.kind} task ${t.id}: ${t.error?.code ?? t.status}: ${t.error?.message ?? ''}\n`);
        }
        const smtp = services.settings.get().smtp;
        if (opts.email && smtp.host && smtp.to.length > 0 && taskIds.length > 0) {
          const lines = [`${importedLine(products, failed.length, summary.errors.length)}.`];
          for (const t of failed) lines.push(`- ${products.find((x) => x.id === t.productId)?.name ?? `task ${t.id}`}: ${t.error?.code ?? t.status} ${t.error?.message ?? ''}`);
          const mail = services.tasks.enqueue('notify-email', { subject: `Nightshift: import finished (${extracted.length}/${products.length} extracted)`, text: lines.join('\n') }, { batchId });
          const [sent] = await services.tasks.waitFor([mail.id]);
          if (sent?.status === 'succeeded') process.stderr.write(`e-mailed the summary to ${smtp.to.length} collaborator(s)\n`);
          else process.stderr.write(`could not e-mail the summary: ${sent?.error?.code ?? sent?.status}: ${sent?.error?.message ?? ''}\n`);
        }
        if (failed.length > 0 || followFailed.length > 0 || summary.errors.length > 0) process.exitCode = 1;
      } finally {
        followUps.stop();
        disposeSignals();
        if (!interrupted) await services.close();
      }
    });
}
