/**
 * RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends, an optional BOM. Cells
 * are written by the one formula-safe rule of `shared/csv-cell.ts`, and read back through its
 * inverse, so a target named `=1+2` exports as `'=1+2` and imports as `=1+2` again.
 */
import { AppError } from '../../../shared/errors.js';
import { csvLine, unguardCsvCell } from '../../../shared/csv-cell.js';

/** One row of a CSV and the 1-based line of the text it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * Rows of fields from CSV text, each with the line it starts on; blank lines are skipped. A
 * quoted field left open at the end of the text is an `invalid_argument` error naming the line
 * where it opened (rather than a field swallowing the rest of the file).
 */
export function parseCsvRows(text: string): CsvRow[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  let i = 0;
  const endField = (): void => {
    row.push(unguardCsvCell(field));
    field = '';
  };
  const endRow = (): void => {
    endField();
    if (!(row.length === 1 && row[0] === '')) rows.push({ line: rowLine, cells: row });
    row = [];
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new AppError('invalid_argument', `line ${quoteLine}: a quoted field is never closed (a " is missing)`);
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Rows of fields from CSV text; blank lines are skipped. See {@link parseCsvRows}. */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).map((r) => r.cells);
}

/**
 * CSV text of a header and rows, every cell formula-safe, each line ended by `eol` (CRLF as
 * RFC 4180 says, or LF for a terminal), the last one too. A line end inside a quoted cell is
 * the cell's own and stays as it is.
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>,
  eol: '\r\n' | '\n' = '\r\n',
): string {
  return [header, ...rows].map((r) => `${csvLine(r)}${eol}`).join('');
}
