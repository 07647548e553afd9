/**
 * Instances of detection's WebAssembly module (detect-wasm.ts) with their memories, handed from
 * one stage's kernels to the next in a thread: the background meshes' (mesh-wasm.ts), the grid's
 * (grid-wasm.ts), a strip's detection (detect-wasm.ts), deblending's (level-wasm.ts), CLEAN's
 * (clean-wasm.ts, for the length of a call) and the photometry's (phot-wasm.ts) each lay out a
 * memory of their own from address 0, and each is done before the next begins. An instance given back ({@link giveKernelInstance}) serves the next
 * {@link takeKernelInstance} of the same module, grown if it is too small, instead of a new memory
 * and instance: a new one cost V8 ~0.1–0.3 ms to make, and each 4 kB page of its memory a page
 * fault at first touch (~2–3 µs on the 2-core VM), where the pages of one given back are in place.
 *
 * What a kernel reads of its memory it has written itself or takes for zero, as a new memory's
 * is: {@link takeKernelInstance} zeroes the bytes an earlier holder may have written. A kernel
 * object gives its instance back only when it is done with it (its stage's end): giving back is
 * the holder's promise not to touch that memory again. One never given back (a stage that threw,
 * a caller that keeps its kernels) is collected as before.
 */
import { wasmApi } from '../wasm/index.js';
import { kernelImports } from './kernel-imports.js';

/** WebAssembly's page [bytes]. */
const PAGE = 65536;
/** The most instances kept for reuse in a thread (the stages hold one at a time; a second covers overlap). */
const KEEP = 2;
/** Memories larger than this [bytes] are not kept once given back (a huge image's rows: returned to the system). */
const KEEP_MAX_BYTES = 64 << 20;

/** An instance of the module over its own memory, as {@link takeKernelInstance} hands it out. */
export interface KernelInstance {
  /** The instance's memory; its `buffer` is replaced when the memory grows. */
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly exports: Record<string, unknown>;
}

/** A pooled instance: its module and how many bytes from 0 a holder may have written. */
interface Pooled extends KernelInstance {
  readonly module: object;
  dirty: number;
}

const spare: Pooled[] = [];

/**
 * An instance of `mod` over a memory of at least `bytes` bytes, all of them zero: one given back
 * (the smallest large enough, else the largest, grown), or a new one.
 */
export function takeKernelInstance(mod: object, bytes: number): KernelInstance {
  let pick = -1;
  for (let i = 0; i < spare.length; i++) {
    const s = spare[i];
    if (s.module !== mod) continue;
    if (pick < 0) {
      pick = i;
      continue;
    }
    const size = s.memory.buffer.byteLength;
    const best = spare[pick].memory.buffer.byteLength;
    // the smallest that fits; while none fits, the largest
    if (best < bytes ? size > best : size >= bytes && size < best) pick = i;
  }
  if (pick < 0) {
    const api = wasmApi()!;
    const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const instance = new api.Instance(mod, kernelImports(memory));
    const made: Pooled = { module: mod, memory, exports: instance.exports, dirty: bytes };
    return made;
  }
  const s = spare[pick];
  spare.splice(pick, 1);
  const have = s.memory.buffer.byteLength;
  if (have < bytes) s.memory.grow(Math.ceil((bytes - have) / PAGE));
  clearFor(s, bytes);
  return s;
}

/**
 * Lay a new layout of `bytes` over the instance `k` its holder has, when its memory has room: those
 * bytes zero, as {@link takeKernelInstance}'s would be, and counted as the holder's to write from
 * then on (so that the next take zeroes them too). False, nothing done, when the memory is smaller:
 * the holder gives `k` back and takes one large enough.
 */
export function relayKernelInstance(k: KernelInstance, bytes: number): boolean {
  const p = k as Pooled;
  if (bytes > p.memory.buffer.byteLength) return false;
  clearFor(p, bytes);
  return true;
}

/** Zero what a holder may have written of the first `bytes` (pages added by grow are zero; so is what no holder wrote), and count those bytes as written from now on. */
function clearFor(p: Pooled, bytes: number): void {
  const clear = Math.min(p.dirty, bytes);
  if (clear > 0) new Uint8Array(p.memory.buffer, 0, clear).fill(0);
  p.dirty = Math.max(p.dirty, bytes);
}

/**
 * Give back an instance from {@link takeKernelInstance} whose holder is done with it, for the next
 * kernels of this thread. Kept unless its memory is larger than {@link KEEP_MAX_BYTES}; when
 * {@link KEEP} are kept already, the smallest of them all is dropped.
 */
export function giveKernelInstance(k: KernelInstance): void {
  const p = k as Pooled;
  if (spare.includes(p) || p.memory.buffer.byteLength > KEEP_MAX_BYTES) return;
  spare.push(p);
  if (spare.length > KEEP) {
    let small = 0;
    for (let i = 1; i < spare.length; i++) if (spare[i].memory.buffer.byteLength < spare[small].memory.buffer.byteLength) small = i;
    spare.splice(small, 1);
  }
}

/** Let every kept instance go (their memories to the collector): for tests, and for a thread done with extraction for a while. */
export function dropKernelInstances(): void {
  spare.length = 0;
}
