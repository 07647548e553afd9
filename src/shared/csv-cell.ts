/**
 * The one rule for a CSV cell the project writes, so a spreadsheet opening the file never runs a
 * formula hidden in a target name, a FITS keyword or a file name (OWASP, "CSV Injection").
 *
 * A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
 * a single quote `'`, unless it is a plain decimal number (`-1.5`, `+2`, `1e-3`), which is left
 * as it is so columns of numbers stay numbers. A cell starting with `'` followed by such a
 * cell is prefixed too, so {@link unguardCsvCell} gives back exactly the original text. Then
 * the cell is quoted as RFC 4180 says (doubled quotes) when it holds a quote, a comma, a line
 * end or surrounding white space.
 */

/** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a spreadsheet could read `text` as a formula (or it is our guard of one). */
export function csvCellNeedsGuard(text: string): boolean {
  const c = text[0];
  if (c === undefined) return false;
  if (c === "'") return csvCellNeedsGuard(text.slice(1));
  return TRIGGERS.has(c) && !NUMBER.test(text);
}

/** The text with the formula guard (a leading `'`) when it needs one; not yet quoted. */
export function guardCsvCell(text: string): string {
  return csvCellNeedsGuard(text) ? `'${text}` : text;
}

/** Undoes {@link guardCsvCell}: a CSV the project wrote reads back as the values it held. */
export function unguardCsvCell(text: string): string {
  return text.startsWith("'") && csvCellNeedsGuard(text.slice(1)) ? text.slice(1) : text;
}

/**
 * One cell of a CSV line: guarded, then quoted when needed. `null`, `undefined` and non-finite
 * numbers are empty cells; finite numbers are written by `String()`.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = guardCsvCell(String(value));
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (no line end) of cells. */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return values.map(csvCell).join(',');
}
