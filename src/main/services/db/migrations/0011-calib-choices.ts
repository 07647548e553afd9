/**
 * 0011 (issue 17): masters chosen by hand. One row per raw light whose bias, dark or flat the
 * user chose (product page, `nightshift calib use`); a null column is chosen by the rule. The
 * calibration planner uses a chosen master whatever the rule says and never replaces it by a
 * "better" one. Removing the light removes its row; removing a chosen master clears that choice
 * (back to the rule).
 */
export const sql = /* sql */ `
CREATE TABLE calib_choices (
  product_id INTEGER PRIMARY KEY REFERENCES data_products(id) ON DELETE CASCADE,
  bias_id    INTEGER REFERENCES data_products(id) ON DELETE SET NULL,
  dark_id    INTEGER REFERENCES data_products(id) ON DELETE SET NULL,
  flat_id    INTEGER REFERENCES data_products(id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX calib_choices_by_bias ON calib_choices (bias_id);
CREATE INDEX calib_choices_by_dark ON calib_choices (dark_id);
CREATE INDEX calib_choices_by_flat ON calib_choices (flat_id);
`;
