/**
 * *Settings → Largest image (MiB)*: an import, a thumbnail and an extraction read no image
 * larger than the setting, and say so in one line naming the limit and the setting.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { largestImageProblem, LARGEST_IMAGE_RULE, settingsSchema } from '../../../../src/shared/settings.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1, backoffBaseMs: 50, maxOldGenerationSizeMb: 256 } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  cleanup();
});

/** A `side`×`side` float32 image (4·side² bytes of data) written to `name`, gzipped when it ends in .gz. */
function image(name: string, side: number): string {
  const data = new Float32Array(side * side);
  for (let i = 0; i < data.length; i++) data[i] = 100 + (i % 7);
  const fits = writeFits([{ data, shape: [side, side] }]);
  const file = join(dir, name);
  writeFileSync(file, name.endsWith('.gz') ? gzipSync(fits, { level: 1 }) : fits);
  return file;
}

const stored = () => (existsSync(join(dir, 'lib', 'files')) ? readdirSync(join(dir, 'lib', 'files'), { recursive: true }).filter((f) => String(f).includes('.fits')) : []);

describe('Settings → Largest image', () => {
  it('defaults to 2048 MiB and refuses 0, 4001 and 1.5 with a message naming the setting', () => {
    expect(services.settings.get().images.maxImageMb).toBe(2048);
    for (const bad of [0, 4001, 1.5]) expect(() => services.settings.set({ images: { maxImageMb: bad } })).toThrow(LARGEST_IMAGE_RULE);
    expect(settingsSchema.safeParse({ images: { maxImageMb: Number.NaN } }).error?.issues[0]?.message).toBe(LARGEST_IMAGE_RULE);
    expect(largestImageProblem('512')).toBeNull();
    expect(largestImageProblem('')).toMatch(/^Largest image is empty/);
    for (const typed of ['0', '4001', '1.5', '12a', '-3']) expect(largestImageProblem(typed)).toMatch(/^Largest image must be a whole number of MiB from 1 to 4000 \(got/);
  });

  it('refuses at import an image over the setting with a one-line too_large error naming the limit and the setting, and keeps nothing', async () => {
    services.settings.set({ images: { maxImageMb: 1 } });
    const count = () => (services.db.prepare('SELECT COUNT(*) AS n FROM data_products').get() as { n: number }).n;
    const before = count();
    for (const name of ['big.fits', 'big.fits.gz']) {
      const err = await services.library.importFile(image(name, 600)).then(() => null, (e: unknown) => e as { code: string; message: string });
      expect(err, name).toMatchObject({ code: 'fits_error' });
      expect(err!.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}: .*limit of 1048576 bytes \\(Settings → Largest image: 1 MiB\\) \\[too_large\\]$`));
      expect(err!.message).not.toMatch(/\n/);
    }
    expect(count()).toBe(before);
    expect(stored()).toEqual([]);
    // one under the limit (300×300 float32 = 352 KiB) is imported
    const { product } = await services.library.importFile(image('small.fits', 300));
    expect(product).toMatchObject({ width: 300, height: 300 });
  });

  it('lets an extraction and a thumbnail read no more than the setting at the time they run', async () => {
    services.settings.set({ images: { maxImageMb: 8 } });
    const { product } = await services.library.importFile(image('later.fits.gz', 600));
    services.settings.set({ images: { maxImageMb: 1 } });
    const [task] = await services.tasks.waitFor([services.tasks.enqueue('extract', { productId: product.id }).id]);
    expect(task).toMatchObject({ status: 'failed', error: { code: 'fits_error', message: expect.stringMatching(/too_large/) } });
    await expect(services.thumbnails.path(product.id)).rejects.toMatchObject({ code: 'fits_error', message: expect.stringMatching(/too_large/) });
    services.settings.set({ images: { maxImageMb: 8 } });
    const [again] = await services.tasks.waitFor([services.tasks.enqueue('extract', { productId: product.id }).id]);
    expect(again).toMatchObject({ status: 'succeeded' });
    expect(existsSync((await services.thumbnails.path(product.id)).path)).toBe(true);
  }, 60_000);
});
