/**
 * 0004: fewer indexes for every task row to keep up to date (each one is another page to write
 * at every commit that queues or finishes a task).
 *
 * - `tasks_by_state` (status, runner, priority DESC, id) replaces `tasks_by_status` (status,
 *   priority DESC, id) and `tasks_by_runner` (runner, status): the dispatcher's query (queued
 *   tasks of one runner, highest priority first, oldest first) reads it in order, and lookups by
 *   status, or by status and runner, use its prefix.
 * - `tasks_by_product` covers only tasks that concern a product (`product_id = ?` implies
 *   `product_id IS NOT NULL`, so lookups by product and the foreign key's checks still use it).
 */
export const sql = /* sql */ `
DROP INDEX tasks_by_status;
DROP INDEX tasks_by_runner;
CREATE INDEX tasks_by_state ON tasks (status, runner, priority DESC, id);
DROP INDEX tasks_by_product;
CREATE INDEX tasks_by_product ON tasks (product_id) WHERE product_id IS NOT NULL;
`;
