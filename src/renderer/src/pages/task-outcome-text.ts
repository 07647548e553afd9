import type { TaskView } from '../../../shared/domain.js';
import { UNSOLVED_REASON_TEXT } from './unsolved-reason-text.js';

/**
 * What a task row says beside "succeeded" when the task's answer is more than done: a `solve`
 * task's "solved", or "not solved: no match within the time limit". Null: nothing to add.
 */
export function taskOutcomeText(t: Pick<TaskView, 'kind' | 'status' | 'outcome'>): string | null {
  if (t.kind !== 'solve' || t.status !== 'succeeded' || t.outcome === null) return null;
  if (t.outcome === 'solved') return 'solved';
  const why = (UNSOLVED_REASON_TEXT as Readonly<Record<string, string>>)[t.outcome];
  return `not solved: ${why ?? t.outcome}`;
}
