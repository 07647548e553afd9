/** Shared helpers of the task benchmarks (bench/tasks-*.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFits } from '../src/core/fits/index.js';

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A float32 image: sky 100 ± 5 and `stars` Gaussian stars; deterministic. */
export function starImage(size: number, stars: number, seed = 1): Uint8Array {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = 100 + 5 * (random() + random() + random() - 1.5) * 2;
  for (let s = 0; s < stars; s++) {
    const cx = 8 + random() * (size - 16);
    const cy = 8 + random() * (size - 16);
    const amp = 200 + random() * 3000;
    for (let y = Math.floor(cy - 6); y <= cy + 6; y++) {
      for (let x = Math.floor(cx - 6); x <= cx + 6; x++) data[y * size + x] += amp * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4.5);
    }
  }
  return writeFits([{ data, shape: [size, size], header: { OBJECT: `bench-${seed}` } }]);
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
