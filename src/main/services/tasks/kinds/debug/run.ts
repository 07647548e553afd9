import { TaskError } from '../../../../../shared/task-error.js';
import { defineWorkerKind, type WarmUpLevel } from '../worker-types.js';
import { debugInputSchema } from './schema.js';

/** The level of the warm-up this thread ran, false for none (`debug` mode `warmed` tells). */
let warmedUp: WarmUpLevel | false = false;

/**
 * `debug` misbehaves on purpose (tests of the runners): it is refused unless
 * NIGHTSHIFT_DEBUG_TASKS=1 in the worker's environment.
 */
export const debugWorker = defineWorkerKind({
  name: 'debug',
  input: debugInputSchema,
  async run(input, ctx) {
    if (process.env.NIGHTSHIFT_DEBUG_TASKS !== '1') throw new TaskError('unknown_kind', 'debug tasks are disabled (NIGHTSHIFT_DEBUG_TASKS=1 enables them)');
    switch (input.mode) {
      case 'ok':
        return { value: input.value ?? null };
      case 'warmed':
        return { warmedUp };
      case 'sleep': {
        const ms = input.ms ?? 100;
        const steps = 5;
        for (let i = 0; i < steps; i++) {
          ctx.progress(i / steps, 'sleeping');
          await new Promise((r) => setTimeout(r, ms / steps));
        }
        return { slept: ms };
      }
      case 'throw':
        throw new Error('debug task failed on purpose');
      case 'retryable':
        throw new TaskError('unavailable', 'debug task failed on purpose (retryable)', true);
      case 'exit':
        process.exit(3);
        break;
      case 'oom': {
        const hog: number[][] = [];
        for (;;) hog.push(new Array<number>(1_000_000).fill(hog.length));
      }
      case 'hang':
        for (;;) {
          // a busy loop: only terminating the thread stops it
        }
    }
  },
  warmUp(level): void {
    warmedUp = level;
  },
});
