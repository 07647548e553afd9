/**
 * Small helpers for writing a function body with the encoder: locals numbered as they are asked
 * for, and a counted loop.
 */
import { Body, EMPTY, op } from './encoder.js';

/** A function being written: its parameters, and locals added as needed. */
export class Fn {
  readonly b = new Body();
  readonly locals: number[] = [];
  constructor(readonly params: readonly number[]) {}
  /** A new local of type `t`: its index. */
  local(t: number): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }
}

/** `for (i = (set before); i < end; i++) body()` over int32 locals. */
export function loop(b: Body, i: number, end: number, body: () => void): void {
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(end).op(op.i32GeS, op.brIf, 1);
  body();
  b.get(i).i32(1).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
}
