/**
 * Importing a big file streams: hash and copy with flat memory. A FITS file of SIZE MB
 * (header + float32 zeros, written sparse) is imported through LibraryService while the
 * process's RSS is sampled; the same bytes are copied with fs.copyFile as the reference.
 *
 *   npx tsx bench/import-stream.ts [--mb 1024]
 *
 * Target (issue 5): memory growth under 100 MB for a 1 GB file.
 */
import { copyFileSync, openSync, closeSync, ftruncateSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFits } from '../src/core/fits/index.js';
import { silentLogger } from '../src/main/services/logger.js';
import { createServices } from '../src/main/services/services.js';
import { scratch } from './tasks-common.js';

const args = process.argv.slice(2);
const i = args.indexOf('--mb');
const MB = i >= 0 ? Number(args[i + 1]) : 1024;

const dir = scratch('nightshift-import-bench-');
const file = join(dir, 'huge.fits');
// A valid FITS header for side × side float32 pixels, then the data as a sparse tail.
const side = Math.floor(Math.sqrt((MB * 1024 * 1024) / 4));
const header = writeFits([{ data: new Float32Array(1), shape: [1, 1], header: { OBJECT: 'huge' } }]).slice(0, 2880);
const text = new TextDecoder().decode(header).replace('NAXIS1  =                    1', 'NAXIS1  = ' + String(side).padStart(20)).replace('NAXIS2  =                    1', 'NAXIS2  = ' + String(side).padStart(20));
const fd = openSync(file, 'w');
writeSync(fd, new TextEncoder().encode(text));
const size = 2880 + Math.ceil((side * side * 4) / 2880) * 2880;
ftruncateSync(fd, size);
closeSync(fd);

const t0 = performance.now();
copyFileSync(file, join(dir, 'copy.fits'));
const copyS = (performance.now() - t0) / 1000;
rmSync(join(dir, 'copy.fits'));

const s = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger });
global.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const t1 = performance.now();
const { product } = await s.library.importFile(file);
const importS = (performance.now() - t1) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await s.close();
rmSync(dir, { recursive: true, force: true });

const mb = size / 1024 / 1024;
console.log(`file ${mb.toFixed(0)} MB (${side}² float32), product ${product.id} ${product.width}×${product.height}`);
console.log(`fs.copyFile (reference)     ${copyS.toFixed(2)} s  ${(mb / copyS).toFixed(0)} MB/s`);
console.log(`import (copy + sha256)      ${importS.toFixed(2)} s  ${(mb / importS).toFixed(0)} MB/s   ratio to copyFile ${(copyS / importS).toFixed(2)}`);
console.log(`RSS growth during import    ${((peak - base) / 1024 / 1024).toFixed(1)} MB (target < 100 MB)`);
