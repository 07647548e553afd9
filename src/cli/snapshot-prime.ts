/**
 * The priming run of the extract command's startup snapshot (extract-snapshot.ts), built as
 * out/cli/snapshot-prime.cjs and run by scripts/build.mjs under the launcher's Node options
 * before the snapshot is built:
 *
 *   node <the launcher's options> out/cli/snapshot-prime.cjs WORKDIR
 *
 * It writes a synthetic 1024² field with a TAN WCS (WORKDIR/prime.fits: a crowded field of
 * core/synth, so that deblending splits blends), runs the extract bundle beside it on that file
 * as `nightshift extract prime.fits --out WORKDIR/prime.csv` does, and saves the bundle's code
 * cache, which then holds the bytecode of every function that run compiled. The snapshot is made
 * from that cache; functions of paths the run did not take (JSON, stdout, masking, gzip, strip
 * threads) compile on first use, as without a snapshot. prime.csv is what the build compares the
 * snapshot's own run of the same file with.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFits } from '../core/fits/index.js';
import { crowdedField } from '../core/synth/index.js';
import type { CommandBundle } from './bundled.js';
import { loadCachedBundle } from './code-cache.js';

/** The priming field's side [px] and star count. */
const PRIME_SIZE = 1024;
const PRIME_STARS = 1500;

/** The priming field as FITS bytes: float32, sky 1000 ADU, a TAN WCS of 1″ pixels at RA 150°, Dec +30°. */
function primeFits(): Uint8Array {
  const data = crowdedField(PRIME_SIZE, PRIME_STARS, 7);
  const header = {
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CRVAL1: 150,
    CRVAL2: 30,
    CRPIX1: PRIME_SIZE / 2,
    CRPIX2: PRIME_SIZE / 2,
    CD1_1: -1 / 3600,
    CD1_2: 0,
    CD2_1: 0,
    CD2_2: 1 / 3600,
    RADESYS: 'ICRS',
  };
  return writeFits([{ header, data, shape: [PRIME_SIZE, PRIME_SIZE] }]);
}

async function prime(work: string): Promise<number> {
  const fits = join(work, 'prime.fits');
  writeFileSync(fits, primeFits());
  const loaded = loadCachedBundle<CommandBundle>(join(dirname(fileURLToPath(import.meta.url)), 'extract.cjs'));
  const code = await loaded.exports.main(['extract', fits, '--out', join(work, 'prime.csv')]);
  if (code === 0) loaded.save();
  return code;
}

const work = process.argv[2];
if (work === undefined) {
  process.stderr.write('usage: node out/cli/snapshot-prime.cjs WORKDIR\n');
  process.exitCode = 2;
} else {
  prime(work).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`snapshot-prime: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
