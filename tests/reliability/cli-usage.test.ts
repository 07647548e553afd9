import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('command-line usage errors', () => {
  it('exit 2 with one line on stderr, like every other error; help and version exit 0', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--bogus'], /^nightshift: unknown option '--bogus' \(run "nightshift --help" for usage\)\n$/],
      [['extract'], /^nightshift: missing required argument 'files'/],
      [['nosuch'], /^nightshift: unknown command 'nosuch'/],
      [['import', '--threads', '0', 'x.fits'], /^nightshift: option '--threads <n>' argument '0' is invalid/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
    // No command at all: the usage, and still a usage error.
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: nightshift');
    const [help, version] = await Promise.all([runCli(['--help']), runCli(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nightshift');
    expect(version.code).toBe(0);
    // A guard against a hang (eight processes start on a shared machine), not a speed limit.
  }, 120_000);
});
