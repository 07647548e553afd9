/**
 * A WebAssembly module compiled at most once a thread: synchronously where it is first needed, or
 * ahead, off the calling thread, by a caller that knows early it will need it (the command line,
 * before it reads the image). Whichever finishes first is kept: either module will do.
 */
import { compileModule, compileModuleAsync } from './encoder.js';

export class LazyModule {
  /** Every module made in this thread, for {@link keepAllBytes}. */
  private static readonly all = new Set<LazyModule>();

  /**
   * Decode the bytes of every module made so far now and keep them, compiling nothing: for a
   * startup snapshot, whose builder has no WebAssembly but keeps what is decoded in its heap
   * (cli/extract-snapshot.ts), so that a process started from it does not decode them again.
   */
  static keepAllBytes(): void {
    for (const m of LazyModule.all) m.kept ??= m.decode();
  }

  private compiled: object | null | undefined;
  private kept: Uint8Array | undefined;
  private readonly source = (): Uint8Array => this.kept ?? this.decode();

  /** `decode`: the module's bytes, asked for only when it is compiled (or by {@link keepAllBytes}). */
  constructor(private readonly decode: () => Uint8Array) {
    LazyModule.all.add(this);
  }

  /** The compiled module if compiling it has been done or tried (null: this engine cannot), else undefined; compiles nothing. */
  get current(): object | null | undefined {
    return this.compiled;
  }

  /** The compiled module, compiled here if it is not yet, or null when this engine cannot compile it. */
  get(): object | null {
    if (this.compiled === undefined) this.compiled = compileModule(this.source);
    return this.compiled;
  }

  /** Compile the module off the calling thread unless that has been done or tried. Never rejects. */
  async prepare(): Promise<void> {
    if (this.compiled !== undefined) return;
    const m = await compileModuleAsync(this.source);
    if (this.compiled === undefined) this.compiled = m;
  }
}
