/**
 * One owner for each table (issue 16): SQL that names a table — `FROM`, `INTO`, `UPDATE`,
 * `JOIN` or `TABLE` followed by its name, in any string or template literal — appears only in
 * the table's owner folder. Everything else asks the owner's service or functions. A few files
 * may touch every table; they are listed with their reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Each table and the folders (or files) whose code may name it in SQL. */
const OWNERS: Readonly<Record<string, readonly string[]>> = {
  tasks: ['src/main/services/tasks/'],
  data_products: ['src/main/services/library/'],
  product_id_floor: ['src/main/services/library/'],
  catalogs: ['src/main/services/library/'],
  sources: ['src/main/services/library/'],
  solutions: ['src/main/services/library/'],
  calib_choices: ['src/main/services/library/'],
  targets: ['src/main/services/targets/'],
  target_products: ['src/main/services/targets/'],
  photometry: ['src/main/services/targets/'],
  comparison_stars: ['src/main/services/targets/'],
  settings: ['src/main/services/settings/'],
};

/** Code that may name any table, and why. */
const ANY_TABLE: ReadonlyArray<{ path: string; reason: string }> = [
  { path: 'src/main/services/db/', reason: 'migrations create and reshape every table; opening the database checks them' },
];

export interface SqlUse {
  line: number;
  table: string;
  text: string;
}

const SQL_NAME = /\b(?:from|into|update|join|table)\s+["`[]?([a-z_][a-z0-9_]*)\b/gi;

/** The shape of a SQL statement (any case), so that prose ("update targets that exist") is not taken for one. */
const SQL_SHAPE = /\bselect\b[\s\S]*\bfrom\b|\binsert\s+(?:or\s+\w+\s+)?into\b|\bupdate\s+["`[]?\w+["`\]]?\s+set\b|\bdelete\s+from\b|\bcreate\s+table\b|\balter\s+table\b|\bdrop\s+table\b/i;

/**
 * Where a TypeScript source names one of `tables` in SQL: in a string or template literal
 * shaped like a SQL statement (a template's parts read together). Lines are 1-based.
 */
export function sqlUses(fileName: string, source: string, tables: readonly string[]): SqlUse[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const wanted = new Set(tables);
  const uses: SqlUse[] = [];
  const scan = (parts: ReadonlyArray<{ text: string; start: number }>): void => {
    if (!SQL_SHAPE.test(parts.map((p) => p.text).join(' ? '))) return;
    for (const { text, start } of parts) {
      for (const m of text.matchAll(SQL_NAME)) {
        const table = m[1]!.toLowerCase();
        if (!wanted.has(table)) continue;
        const line = file.getLineAndCharacterOfPosition(start + (m.index ?? 0)).line + 1;
        uses.push({ line, table, text: m[0] });
      }
    }
  };
  const visit = (node: ts.Node): void => {
    // getStart() is the opening quote (or the `}` of a template's middle): the text starts one character later.
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) scan([{ text: node.text, start: node.getStart(file) + 1 }]);
    else if (ts.isTemplateExpression(node)) {
      scan([node.head, ...node.templateSpans.map((s) => s.literal)].map((p) => ({ text: p.text, start: p.getStart(file) + 1 })));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

/** `file:line table (text)` for every use of a table outside its owners and the files allowed any table. */
export function ownershipViolations(files: ReadonlyArray<{ path: string; source: string }>): string[] {
  const tables = Object.keys(OWNERS);
  const out: string[] = [];
  for (const { path, source } of files) {
    if (ANY_TABLE.some((a) => path.startsWith(a.path))) continue;
    for (const use of sqlUses(path, source, tables)) {
      if (OWNERS[use.table]!.some((owner) => path.startsWith(owner))) continue;
      out.push(`${path}:${use.line} ${use.table} (${use.text}) — owned by ${OWNERS[use.table]!.join(', ')}`);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

describe('table owners', () => {
  it('finds SQL on a table outside its owner, in strings and templates, and nothing in prose', () => {
    const source = [
      "// rows come from tasks, into targets", //
      "const a = db.prepare('SELECT id FROM tasks WHERE id = ?');",
      'const b = db.prepare(`SELECT ${cols} FROM data_products d',
      '  JOIN sources s ON s.product_id = d.id`);',
      "const c = 'update settings set value = 1';",
      "const d = 'INSERT INTO photometry (x) VALUES (1)';",
      "const e = 'SELECT 1 FROM tasks_archive';",
      "const f = 'update targets that already exist (by name), from Settings';",
    ].join('\n');
    expect(sqlUses('x.ts', source, Object.keys(OWNERS)).map((u) => `${u.line} ${u.table}`)).toEqual([
      '2 tasks',
      '3 data_products',
      '4 sources',
      '5 settings',
      '6 photometry',
    ]);
    expect(
      ownershipViolations([
        { path: 'src/main/services/notices/x.ts', source: "db.prepare('SELECT * FROM tasks')" },
        { path: 'src/main/services/tasks/x.ts', source: "db.prepare('SELECT * FROM tasks')" },
        { path: 'src/main/services/db/migrations/x.ts', source: "db.exec('CREATE TABLE targets (id INTEGER)')" },
        { path: 'src/main/services/targets/x.ts', source: "db.prepare('SELECT * FROM data_products')" },
      ]),
    ).toEqual([
      'src/main/services/notices/x.ts:1 tasks (FROM tasks) — owned by src/main/services/tasks/',
      'src/main/services/targets/x.ts:1 data_products (FROM data_products) — owned by src/main/services/library/',
    ]);
  });

  it('every table is named in SQL only inside its owner', () => {
    const root = process.cwd();
    const files = sourceFiles(join(root, 'src')).map((p) => ({ path: relative(root, p).split(sep).join('/'), source: readFileSync(p, 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(ownershipViolations(files)).toEqual([]);
  });

  it('lists only files that exist among those allowed any table', () => {
    const root = process.cwd();
    const all = sourceFiles(join(root, 'src')).map((p) => relative(root, p).split(sep).join('/'));
    for (const a of ANY_TABLE) expect(all.some((p) => p.startsWith(a.path)), a.path).toBe(true);
  });
});
