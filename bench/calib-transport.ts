/**
 * What the app's `calibrate` task adds per light to `nightshift calib apply` (what bench/calib.ts
 * times): the worker serialises the calibrated frame with `writeFits` into a new buffer and
 * base64 for the task's message, and the main thread decodes it before storing the product.
 *
 *   npx tsx bench/calib-transport.ts [--size 2048] [--repeat 10]
 *
 * Prints the CPU milliseconds of each step per frame (user + system, this process).
 */
import { writeFits } from '../src/core/fits/index.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const size = Number(arg('size', '2048'));
const repeat = Number(arg('repeat', '10'));
const data = Float32Array.from({ length: size * size }, (_, i) => (i % 1000) / 7);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let fits = 0;
let encode = 0;
let decode = 0;
for (let i = 0; i < repeat; i++) {
  let t = cpu();
  const bytes = writeFits([{ data, shape: [size, size], header: { EXPTIME: 1 } }]);
  fits += cpu() - t;
  t = cpu();
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  encode += cpu() - t;
  t = cpu();
  const back = Buffer.from(b64, 'base64');
  decode += cpu() - t;
  if (back.length !== bytes.length) throw new Error('base64 round trip lost bytes');
}
const ms = (x: number): string => (x / repeat).toFixed(1);
console.log(`${size}² float32, per frame (ms CPU): writeFits ${ms(fits)}, base64 ${ms(encode)}, decode ${ms(decode)}, total ${ms(fits + encode + decode)}`);
