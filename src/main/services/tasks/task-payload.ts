import { AppError, issueText } from '../../../shared/errors.js';
import { TaskError } from '../../../shared/task-error.js';
import type { TaskKind } from './kinds/index.js';
import type { TaskRow } from './task-rows.js';
import type { TaskStore } from './task-store.js';

/** A task's row; `not_found` when there is none. */
export function existingRow(store: Pick<TaskStore, 'row'>, id: number): TaskRow {
  const row = store.row(id);
  if (!row) throw new AppError('not_found', `task ${id} does not exist`);
  return row;
}

/** A row's payload parsed by its kind's schema; TaskError `invalid_argument` when it is not JSON or malformed. */
export function parsePayload<P>(kind: TaskKind<P>, row: Pick<TaskRow, 'id' | 'kind' | 'payload'>): P {
  let raw: unknown;
  try {
    raw = JSON.parse(row.payload);
  } catch {
    throw new TaskError('invalid_argument', `task ${row.id}: payload is not JSON`);
  }
  const parsed = kind.payload.safeParse(raw);
  if (!parsed.success) {
    throw new TaskError('invalid_argument', `${row.kind}: malformed payload: ${issueText(parsed.error)}`);
  }
  return parsed.data;
}
