/** Shared helpers of the task benchmarks (bench/tasks-*.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../src/core/synth/index.js';
import { starFieldFits } from '../src/core/synth-fits/index.js';

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A float32 image: sky 100 ± 5 and `stars` Gaussian stars (σ 1.5 px, peaks 200–3200 ADU), core/synth's generator; deterministic. */
export function starImage(size: number, stars: number, seed = 1): Uint8Array {
  const random = mulberry32(seed);
  const list = Array.from({ length: stars }, () => ({ x: 8 + random() * (size - 16), y: 8 + random() * (size - 16), flux: (200 + random() * 3000) * 2 * Math.PI * 2.25 }));
  return starFieldFits({ width: size, height: size, sky: 100, stars: list, psf: { sigma: 1.5 }, radius: 6, noise: { sigma: 5 }, random, header: { OBJECT: `bench-${seed}` } });
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A private redis-server on a free port (no persistence), stopped by pid. */
export async function benchRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child: ChildProcess = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}
