/**
 * 0002: what the task runners need beyond 0001.
 *
 * - `runner`: where the task is dispatched (`local` pool or `broker`), fixed when it is queued.
 * - `owner`: the process that claimed a running local task (`host:pid:boot`), so a restart can
 *   tell its own crashed work from another live process's.
 * - `job_id`: the BullMQ job id of the current attempt (broker tasks).
 * - `heartbeat_at`: last sign of life of a running task (progress or claim).
 */
export const sql = /* sql */ `
ALTER TABLE tasks ADD COLUMN runner TEXT NOT NULL DEFAULT 'local' CHECK (runner IN ('local', 'broker', 'inline'));
ALTER TABLE tasks ADD COLUMN owner TEXT;
ALTER TABLE tasks ADD COLUMN job_id TEXT;
ALTER TABLE tasks ADD COLUMN heartbeat_at TEXT;
CREATE INDEX tasks_by_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX tasks_by_runner ON tasks (runner, status);
`;
