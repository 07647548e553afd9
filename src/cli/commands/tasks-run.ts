import type { Command } from 'commander';
import { stderrLogger } from '../../main/services/logger.js';
import { createServices } from '../../main/services/services.js';
import { waitForWork } from '../../main/services/tasks/settle.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';
import { exitQuietlyOnEpipe } from './epipe.js';
import { progressLine } from './import.js';

/**
 * `nightshift tasks run`: runs whatever the library has queued (an `import --no-wait`, the
 * photometry a `targets add` queued) and the tasks those cause, then returns: exit status 0
 * when every one succeeded, 1 when one failed. Tasks another process is running are waited for.
 */
export function registerRun(tasks: Command): void {
  withDataOption(tasks.command('run'))
    .description('run the queued tasks (and those they cause) and return when none is left')
    .option('--threads <n>', 'local worker threads (default: settings, else cores − 1)', intOption(1, 256))
    .option('--json', 'print the tasks run as a JSON array')
    .action(async (opts: { data?: string; threads?: number; json?: boolean }) => {
      exitQuietlyOnEpipe();
      // `tasks run --data DIR --json`: commander gives the options both commands have to `tasks`
      const parent = tasks.opts<{ data?: string; json?: boolean }>();
      const data = opts.data ?? parent.data;
      const json = opts.json ?? parent.json;
      const services = createServices({ dataDir: resolveDataDir({ data }), logger: stderrLogger('nightshift-tasks'), tasks: { threads: opts.threads, warmUp: true } });
      const tty = process.stderr.isTTY === true;
      try {
        const open = (): number[] => services.tasks.queries.openIds();
        const first = open();
        if (first.length === 0) {
          if (json) process.stdout.write('[]\n');
          else process.stdout.write('no queued tasks\n');
          return;
        }
        await services.tasks.start();
        let last = '';
        const views = await waitForWork(services.tasks, first, open, (v) => {
          const line = progressLine(v);
          if (!tty || line === last) return;
          last = line;
          process.stderr.write(`\r${line}\x1b[K`);
        });
        if (tty) process.stderr.write('\n');
        const failed = views.filter((t) => t.status !== 'succeeded');
        if (json) process.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
        else {
          process.stdout.write(`ran ${views.length} task(s): ${views.length - failed.length} succeeded, ${failed.length} failed\n`);
          for (const t of failed) process.stdout.write(`  ${t.kind} task ${t.id}: ${t.error?.code ?? t.status}: ${t.error?.message ?? ''}\n`);
        }
        if (failed.length > 0) process.exitCode = 1;
      } finally {
        await services.close();
      }
    });
}
