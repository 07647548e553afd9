import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Runs `nightshift host` as a child process, as a user would, and reads its URL; `port` and
 * `token` (NIGHTSHIFT_HOST_TOKEN) fix them, to start a host again where a page expects it.
 */
export async function startHostProcess(
  dataDir: string,
  options: { port?: number; token?: string } = {},
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('the renderer is not built: run "npm run build" (npm test does it first)');
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'host', '--port', String(options.port ?? 0), '--data', dataDir], {
    cwd: ROOT,
    env: options.token === undefined ? process.env : { ...process.env, NIGHTSHIFT_HOST_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`nightshift host exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
