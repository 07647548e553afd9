import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';

export const REDIS_SERVER = process.env.NIGHTSHIFT_REDIS_SERVER ?? '/usr/bin/redis-server';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM by pid; SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
}

/**
 * A private redis-server on a free port, bound to 127.0.0.1, with persistence off
 * (`--save "" --appendonly no`), with `args` added (e.g. `--requirepass`). Stopped by pid, never by name.
 */
export async function startRedis(port?: number, args: readonly string[] = []): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`no redis-server at ${REDIS_SERVER}: apt-get install -y redis-server`);
  const p = port ?? (await freePort());
  let child: ChildProcess | null = null;
  const launch = async () => {
    let output = '';
    child = spawn(REDIS_SERVER, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    for (let i = 0; i < 200; i++) {
      if (await canConnect(p)) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server did not start on port ${p}: ${output}`);
  };
  const stop = async () => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  await launch();
  return { port: p, url: `redis://127.0.0.1:${p}`, stop, restart: launch };
}
