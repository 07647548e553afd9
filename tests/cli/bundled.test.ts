import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Each case runs in a new process: finish() ends it, and which standard streams Node has made is
// per process.
const bundled = new URL('../../src/cli/bundled.ts', import.meta.url).href;

/** Run `body` after watchStdio() (when `watch`), then finish(argv, 3); what Node's own stdio getters are at exit. */
function run(body: string, watch = true, argv = ['extract', 'x.fits']) {
  const code = `import { writeSync } from 'node:fs';
const { finish, watchStdio } = await import(${JSON.stringify(bundled)});
const own = (n) => Object.getOwnPropertyDescriptor(process, n).get;
const node = { stdout: own('stdout'), stderr: own('stderr') };
${watch ? 'watchStdio();' : ''}
process.on('exit', (c) => writeSync(1, JSON.stringify({ code: c, stdoutMade: own('stdout') === node.stdout, stderrMade: own('stderr') === node.stderr }) + '\\n'));
${body}
finish(${JSON.stringify(argv)}, 3);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  const lines = r.stdout.trim().split('\n');
  return { status: r.status, stderr: r.stderr, stdout: lines.slice(0, -1).join('\n'), exit: JSON.parse(lines.at(-1)!) as { code: number; stdoutMade: boolean; stderrMade: boolean } };
}

describe('finish after watchStdio', () => {
  it('ends an extract with its status without making process.stdout or process.stderr when nothing used them', () => {
    const r = run('');
    expect(r.status).toBe(3);
    expect(r.exit).toEqual({ code: 3, stdoutMade: false, stderrMade: false });
  });

  it('flushes the streams that were used, and gives them back their own getters', () => {
    const r = run("process.stdout.write('catalog\\n'); process.stderr.write('warning\\n');");
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('catalog');
    expect(r.stderr).toBe('warning\n');
    expect(r.exit).toEqual({ code: 3, stdoutMade: true, stderrMade: true });
    const one = run("process.stderr.write('warning\\n');");
    expect(one.exit).toEqual({ code: 3, stdoutMade: false, stderrMade: true });
  });

  it('flushes both streams without watchStdio, as before', () => {
    const r = run('', false);
    expect(r.status).toBe(3);
    expect(r.exit).toEqual({ code: 3, stdoutMade: true, stderrMade: true });
  });
});
