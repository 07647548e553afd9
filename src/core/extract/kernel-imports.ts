/**
 * The functions detection's WebAssembly module (detect-wasm.ts) imports besides its memory: V8's own
 * `Math.exp`, `Math.log` and `Math.pow`, so that the kernels that need them (level-wasm.ts's
 * `componentFwhm` and `gatherPixels`, clean-wasm.ts) get the very doubles the TypeScript gets. V8
 * (`--wasm-math-intrinsics`, on by default) calls its C implementations of these directly from
 * WebAssembly when the import is the `Math` function itself with the signature f64 → f64 (f64, f64
 * → f64 for `pow`): no JavaScript runs for such a call. `Math.log2` is not one of those: a call of it
 * runs the JavaScript builtin (clean-wasm.ts calls it only for the rare keys it cannot tell itself).
 * Imports come first in a module's function index space: the module's own functions start at
 * {@link KERNEL_IMPORT_COUNT}.
 */
import { F64, type WasmImport } from '../wasm/index.js';

/** The imported functions, in their index order: `exp` is function 0, `log` 1, `pow` 2, `log2` 3. */
export const KERNEL_IMPORTS: readonly WasmImport[] = [
  { name: 'exp', params: [F64], results: [F64] },
  { name: 'log', params: [F64], results: [F64] },
  { name: 'pow', params: [F64, F64], results: [F64] },
  { name: 'log2', params: [F64], results: [F64] },
];

/** Function index of the imported `Math.exp`. */
export const EXP_FUNCTION = 0;
/** Function index of the imported `Math.log`. */
export const LOG_FUNCTION = 1;
/** Function index of the imported `Math.pow` (called directly, as `exp` and `log`). */
export const POW_FUNCTION = 2;
/** Function index of the imported `Math.log2` (not one V8 calls directly: a call into JavaScript, for clean-wasm.ts's rare keys). */
export const LOG2_FUNCTION = 3;
/** How many functions the module imports (its first own function's index). */
export const KERNEL_IMPORT_COUNT = KERNEL_IMPORTS.length;

/** The import object of an instance of the module over `mem`. */
export function kernelImports(mem: object): Record<string, Record<string, unknown>> {
  return { env: { mem, exp: Math.exp, log: Math.log, pow: Math.pow, log2: Math.log2 } };
}
