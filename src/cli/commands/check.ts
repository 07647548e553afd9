import type { Command } from 'commander';
import { type CheckReport, checkLibrary } from '../../main/services/library/library-check.js';
import { dataPaths } from '../../main/services/paths.js';
import { resolveDataDir, withDataOption } from '../options.js';

function lines(r: CheckReport, repair: boolean): string[] {
  const out: string[] = [];
  const db = r.database;
  if (db.state === 'ok') out.push('database: ok (integrity_check)');
  else {
    out.push(`database: ${db.state}${db.repaired ? ' — repaired' : ''}${db.keptAs ? ` (the old file kept as ${db.keptAs})` : ''}`);
    for (const p of db.problems) out.push(`  ${p}`);
  }
  out.push(`stored files: ${r.checked} checked against their SHA-256, ${r.files.length} missing or damaged`);
  for (const f of r.files) {
    out.push(`  product ${f.productId} (${f.name}): ${f.path} ${f.problem}${f.repaired ? ' — restored from the original' : f.reason ? ` — not repaired: ${f.reason}` : ''}`);
  }
  out.push(`orphans (stored files no product points to): ${r.orphans.length}`);
  for (const o of r.orphans) {
    const done = o.productId !== undefined ? ` — imported as product ${o.productId}` : o.movedTo ? ` — moved to ${o.movedTo} (${o.reason ?? 'not a FITS image'})` : '';
    out.push(`  ${o.path}${done}`);
  }
  out.push(`partial files of imports that did not finish: ${r.staleTemp.length}${r.staleTemp.length > 0 && repair ? ' — removed' : ''}`);
  out.push(r.ok ? 'ok' : repair ? 'problems remain (see above)' : 'problems found: "nightshift check --repair" fixes what can be fixed');
  return out;
}

/** `nightshift check [--repair]`: verify (and repair) the library's database and stored files. */
export function register(program: Command): void {
  withDataOption(program.command('check'))
    .description("verify the library: database integrity, every stored file's SHA-256, orphans and leftovers; exit 1 when problems remain")
    .option('--repair', 'fix what can be fixed: rebuild a damaged database, restore damaged files from their originals, re-import or set aside orphans, remove leftovers')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { data?: string; repair?: boolean; json?: boolean }) => {
      const repair = opts.repair === true;
      const report = await checkLibrary(dataPaths(resolveDataDir(opts)), { repair });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${lines(report, repair).join('\n')}\n`);
      if (!report.ok) process.exitCode = 1;
    });
}
