/** Run-time generated WebAssembly kernels: a small encoder shared by the SIMD kernels of core/ (stats, extract). */
export { Body, compileModule, compileModuleAsync, EMPTY, F32, F64, I32, I64, op, simd, sleb, uleb, V128, type WasmApi, wasmApi, type WasmFunction, type WasmImport, wasmModule } from './encoder.js';
export { fromBase64, fromBase64Portable } from './base64.js';
export { LazyModule } from './lazy-module.js';
export { Fn, loop } from './function-builder.js';
