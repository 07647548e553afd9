import { defineWorkerKind } from '../worker-types.js';
import { noopSchema } from './schema.js';

/** `noop` returns its input (overhead benchmarks). */
export const noopWorker = defineWorkerKind({
  name: 'noop',
  input: noopSchema,
  run: (input) => input,
});
