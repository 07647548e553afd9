/**
 * The command line of the A/B extraction benchmarks (extract-ab.ts, extract-trace-ab.ts):
 * `--a "CMD" [--b "CMD"] [--repeat N] FILE.fits [FILE...] [-- extra extract arguments]`. Exits
 * with status 2 and the usage when `--a` or the files are missing.
 */
export interface AbArgs {
  /** The two commands, split on spaces (B defaults to this tree's bin/nightshift.mjs). */
  a: string[];
  b: string[];
  repeat: number;
  files: string[];
  /** What follows `--`, passed to `extract` after the file. */
  extra: string[];
}

export function parseAbArgs(argv: readonly string[], defaultRepeat: number, script: string): AbArgs {
  const dd = argv.indexOf('--');
  const extra = dd >= 0 ? argv.slice(dd + 1) : [];
  const args = dd >= 0 ? argv.slice(0, dd) : [...argv];
  const get = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const a = (get('a') ?? '').split(' ').filter(Boolean);
  const b = (get('b') ?? 'bin/nightshift.mjs').split(' ').filter(Boolean);
  const repeat = Number(get('repeat') ?? defaultRepeat);
  const files = args.filter((x, i) => !x.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
  if (a.length === 0 || files.length === 0) {
    console.error(`usage: npx tsx bench/${script} --a "CMD" [--b "CMD"] [--repeat ${defaultRepeat}] FILE.fits [FILE...] [-- ARGS]`);
    process.exit(2);
  }
  return { a, b, repeat, files, extra };
}
