/**
 * Background mesh statistics shared between two threads working on one image (batch mode,
 * see batch.ts).
 */
import { meshCount, MeshRow, meshRowStats, type ResolvedOptions } from '../../../core/extract/index.js';

/**
 * The background mesh statistics of one image, computed row by row by whichever thread claims
 * a row first (`ctl[0]`: next row; `ctl[1]`: rows done), into shared arrays. In a batch the
 * calling thread computes them ahead of the preparing worker; the worker computes the rows
 * not claimed yet when it gets to the image (all of them for images whose pixels it has a
 * copy of), then waits for the rest ({@link rows}).
 */
export class SharedMesh {
  constructor(
    readonly ctl: Int32Array,
    readonly nanCount: Int32Array,
    /** Background per mesh, row-major (`ny` rows of `nx`). */
    readonly back: Float32Array,
    readonly sigma: Float32Array,
    readonly nx: number,
    readonly ny: number,
  ) {}

  static create(width: number, height: number, o: ResolvedOptions): SharedMesh {
    const nx = meshCount(width, o.backSize);
    const ny = meshCount(height, o.backSize);
    const f32 = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(4 * n));
    return new SharedMesh(new Int32Array(new SharedArrayBuffer(8)), new Int32Array(new SharedArrayBuffer(4 * ny)), f32(nx * ny), f32(nx * ny), nx, ny);
  }

  /** A copy that arrived over a message port, as an instance of this class (same shared memory). */
  static from(m: SharedMesh): SharedMesh {
    return new SharedMesh(m.ctl, m.nanCount, m.back, m.sigma, m.nx, m.ny);
  }

  /** Claims and computes the next row; false when every row is claimed. */
  work(image: Float32Array, width: number, height: number, o: ResolvedOptions): boolean {
    const j = Atomics.add(this.ctl, 0, 1);
    if (j >= this.ny) return false;
    const r = meshRowStats(image, width, height, j, o.backSize, o.backSize);
    this.back.set(r.back, j * this.nx);
    this.sigma.set(r.sigma, j * this.nx);
    this.nanCount[j] = r.nanCount;
    Atomics.add(this.ctl, 1, 1);
    Atomics.notify(this.ctl, 1);
    return true;
  }

  /**
   * Gives up on this image (the batch failed): no row can be claimed any more, and a thread
   * waiting in {@link rows} stops waiting (it gets rows that were never computed).
   */
  abandon(): void {
    Atomics.store(this.ctl, 0, this.ny);
    Atomics.store(this.ctl, 1, this.ny);
    Atomics.notify(this.ctl, 1);
  }

  /** Whether every row is done. */
  ready(): boolean {
    return Atomics.load(this.ctl, 1) >= this.ny;
  }

  /** Every row's statistics, once all are done (waits for rows another thread is computing). */
  rows(): MeshRow[] {
    for (;;) {
      const done = Atomics.load(this.ctl, 1);
      if (done >= this.ny) break;
      Atomics.wait(this.ctl, 1, done, 100);
    }
    const { nx } = this;
    return Array.from({ length: this.ny }, (_, j) => new MeshRow(this.back.slice(j * nx, (j + 1) * nx), this.sigma.slice(j * nx, (j + 1) * nx), this.nanCount[j]));
  }
}
