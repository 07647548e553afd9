/**
 * 0007: product ids are never reused (issue 15: removing images). SQLite numbers a new row
 * after the highest id present, so removing the newest image would give its id, its address
 * (`#/products/12`) and its cached thumbnail URL to the next import. `product_id_floor` keeps the
 * highest id a removal took (one row); an import numbers after it and after every id present.
 */
export const sql = /* sql */ `
CREATE TABLE product_id_floor (
  only    INTEGER PRIMARY KEY CHECK (only = 1),
  last_id INTEGER NOT NULL
) STRICT;
`;
