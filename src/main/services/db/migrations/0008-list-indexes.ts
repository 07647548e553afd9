/**
 * 0008: indexes for two reads that grow with the library.
 *
 * - `data_products_list` covers the library's list (`listProductRows`: every column a
 *   ProductView shows, in id order): the list no longer reads the table's rows, whose stored
 *   header (kilobytes in overflow pages) lies before most of those columns. 10,000 images: the
 *   query takes half the time.
 * - `tasks_by_batch`: a batch's counts (the batch notices ask at each task's end) read that
 *   batch's tasks, not the whole table.
 */
export const sql = /* sql */ `
CREATE INDEX data_products_list ON data_products
  (id, name, sha256, size, status, source_count, error_code, error_message, object, date_obs, filter, width, height, has_wcs, created_at);
CREATE INDEX tasks_by_batch ON tasks (batch_id) WHERE batch_id IS NOT NULL;
`;
