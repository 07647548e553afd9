import type { Command } from 'commander';
import { createServices } from '../../main/services/services.js';
import { TASK_STATUSES, type TaskStatus } from '../../shared/domain.js';
import { CliError } from '../cli-error.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';
import { exitQuietlyOnEpipe } from './epipe.js';
import { registerRun } from './tasks-run.js';

/** `nightshift tasks`: the library's tasks, newest first (a table, or a JSON array with --json); `tasks run` runs the queued ones. */
export function register(program: Command): void {
  const tasks = withDataOption(program.command('tasks'));
  registerRun(tasks);
  tasks
    .description('list background tasks (newest first)')
    .option('--json', 'print a JSON array')
    .option('--status <list>', `only these statuses, comma-separated (${TASK_STATUSES.join(', ')})`)
    .option('--limit <n>', 'at most this many', intOption(1, 100_000), 1000)
    .action(async (opts: { data?: string; json?: boolean; status?: string; limit: number }) => {
      exitQuietlyOnEpipe();
      const status = opts.status?.split(',').map((s) => s.trim()) as TaskStatus[] | undefined;
      if (status?.some((s) => !(TASK_STATUSES as readonly string[]).includes(s))) throw new CliError(`--status: use ${TASK_STATUSES.join(', ')}`);
      const services = createServices({ dataDir: resolveDataDir(opts) });
      try {
        const tasks = services.tasks.list({ status, limit: opts.limit });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(tasks, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${'ID'.padStart(6)}  ${'KIND'.padEnd(13)} ${'STATUS'.padEnd(10)} ${'TRIES'.padEnd(5)} ${'PROG'.padStart(4)}  ${'RAN ON'.padEnd(16)} ERROR\n`);
        for (const t of tasks) {
          const err = t.error ? `${t.error.code}: ${t.error.message}`.slice(0, 80) : '';
          process.stdout.write(
            `${String(t.id).padStart(6)}  ${t.kind.padEnd(13)} ${t.status.padEnd(10)} ${`${t.attempts}/${t.maxAttempts}`.padEnd(5)} ${`${Math.round(t.progress * 100)}%`.padStart(4)}  ${(t.ranOn ?? '-').slice(0, 16).padEnd(16)} ${err}\n`,
          );
        }
      } finally {
        await services.close();
      }
    });
}
