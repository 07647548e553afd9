import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../src/core/fits/index.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices } from '../../src/main/services/services.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
const files: Record<string, string> = {};

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  for (const [name, value] of [['inf', Infinity], ['neginf', -Infinity]] as const) {
    files[name] = join(dir, `${name}.fits`);
    writeFileSync(files[name], writeFits([{ data: new Float32Array(64 * 64).fill(value), shape: [64, 64], header: { OBJECT: name } }]));
  }
});
afterAll(() => cleanup());

describe('an image whose every pixel is infinite', () => {
  it('fails `extract` with one line and exit 2, as clearly as its import task fails', async () => {
    const s = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
    try {
      await s.tasks.start();
      for (const path of Object.values(files)) {
        const cli = await runCli(['extract', path]);
        expect(cli.code, cli.stderr).toBe(2);
        expect(cli.stdout).toBe('');
        expect(cli.stderr).toBe(`nightshift: ${path}: image has no valid pixels (every one is NaN, ±Inf or ≤ −1e30)\n`);
        const { product } = await s.library.importFile(path);
        const [task] = await s.tasks.waitFor([s.tasks.enqueue('extract', { productId: product.id }).id]);
        expect(task).toMatchObject({ status: 'failed', error: { code: 'extract_error' } });
        expect(task!.error!.message).toContain('image has no valid pixels (every one is NaN, ±Inf or ≤ −1e30)');
      }
    } finally {
      await s.close();
    }
  }, 60_000);
});
