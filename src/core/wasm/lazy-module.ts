/**
 * A WebAssembly module compiled at most once a thread: synchronously where it is first needed, or
 * ahead, off the calling thread, by a caller that knows early it will need it (the command line,
 * before it reads the image). Whichever finishes first is kept: either module will do.
 */
import { compileModule, compileModuleAsync } from './encoder.js';

export class LazyModule {
  private compiled: object | null | undefined;

  /** `bytes`: the module's bytes, asked for only when it is compiled. */
  constructor(private readonly bytes: () => Uint8Array) {}

  /** The compiled module if compiling it has been done or tried (null: this engine cannot), else undefined; compiles nothing. */
  get current(): object | null | undefined {
    return this.compiled;
  }

  /** The compiled module, compiled here if it is not yet, or null when this engine cannot compile it. */
  get(): object | null {
    if (this.compiled === undefined) this.compiled = compileModule(this.bytes);
    return this.compiled;
  }

  /** Compile the module off the calling thread unless that has been done or tried. Never rejects. */
  async prepare(): Promise<void> {
    if (this.compiled !== undefined) return;
    const m = await compileModuleAsync(this.bytes);
    if (this.compiled === undefined) this.compiled = m;
  }
}
