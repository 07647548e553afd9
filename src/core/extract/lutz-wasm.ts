/**
 * One row of lutz.ts's Lutz scan (LutzScanner.row) in WebAssembly, for detection's kernels
 * (detect-wasm.ts): the same state machine, step for step, over the row's record indices `rec`
 * (−1 where below threshold) in the kernels' memory. The scan's state lives in a block of that
 * memory ({@link lutzBlockBytes}); the pixel lists' links (`next`) too when that array is in the
 * same memory, else the row hands them back as a log (`next[a] = b`, in order); the objects it
 * completed (first record, pixel count, flags, column) always as a log, for the caller to add.
 *
 * Why: the scan is a state machine run once per row, whose branches V8 optimised late and threw
 * away when a rare one first came (a merge, a completion): on a cold start most of a 1024² or
 * 2048² image's rows ran in V8's interpreter or baseline code. WebAssembly is compiled before its
 * first call.
 *
 * Block layout (byte offsets from its start; `S` = {@link lutzStride}(width)): 0 co, 4 pstop,
 * 8 links written by the last row, 12 objects completed by the last row; from 16 on, twelve
 * arrays of `S` bytes (marker, psstack, start, end, iNb, iFirst, iLast, iFlag, sNb, sFirst,
 * sLast, sFlag: lutz.ts's names, all int32), the links log (pairs, 4 `S`) and the completions
 * log (quadruples, 4 `S`). A zeroed block is a new scan.
 */
import { Body, EMPTY, I32, op, simd } from '../wasm/index.js';
import type { WasmFunction } from '../wasm/index.js';

/** Bytes of one of the block's arrays for rows of `width` pixels: `width + 3` int32 values, 16-byte aligned. */
export function lutzStride(width: number): number {
  return ((width + 3) * 4 + 15) & ~15;
}

/** Bytes of the scan's block for rows of `width` pixels (see the module comment). */
export function lutzBlockBytes(width: number): number {
  return 16 + 20 * lutzStride(width);
}

// lutz.ts's values
const COMPLETE = 0;
const INCOMPLETE = 1;
const NONOBJECT = 2;
const OBJECT = 3;
const M_S = 1;
const M_s = 2;
const M_f = 3;
const M_F = 4;
const UNKNOWN = -1;

/**
 * Parameters: the block's address, its stride `S` (bytes), `rec`'s address, the width, the row's
 * flag, and the address of the pixel lists' `next` (0: none in this memory, links logged instead).
 */
const [ST, S, REC, W, ROWFLAG, NEXT] = [0, 1, 2, 3, 4, 5];
// locals: the twelve arrays' addresses, the two logs', then the scan's variables
const [MARKER, PSSTACK, START, END, INB, IFIRST, ILAST, IFLAG, SNB, SFIRST, SLAST, SFLAG] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
const [LINKS, COMPL, CO, PSTOP, PS, CS, XL, NM, P, NL, NC, T, UA, UN, UF, UL, UG] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34];

/** Number of i32 locals of {@link lutzRowFunction} beyond its parameters. */
export const LUTZ_LOCALS = 29;

type Emit = () => void;

/** `lutzRow(block, S, rec, w, rowFlag, next)`: one row of the scan (see the module comment). */
export function lutzRowFunction(): Body {
  const b = new Body();
  const local = (l: number): Emit => () => b.get(l);
  const int = (v: number): Emit => () => b.i32(v);
  /** Address of element `idx` of the array at local `arr`. */
  const at = (arr: number, idx: Emit): void => {
    b.get(arr);
    idx();
    b.i32(2).op(op.i32Shl, op.i32Add);
  };
  const load = (arr: number, idx: Emit, offset = 0): void => {
    at(arr, idx);
    b.mem(op.i32Load, 2, offset);
  };
  const store = (arr: number, idx: Emit, value: Emit): void => {
    at(arr, idx);
    value();
    b.mem(op.i32Store, 2);
  };
  const set = (l: number, value: Emit): void => {
    value();
    b.set(l);
  };
  const add = (l: number, d: number): void => {
    b.get(l).i32(d).op(op.i32Add).set(l);
  };
  const when = (cond: Emit, then: Emit, otherwise?: Emit): void => {
    cond();
    b.op(op.if, EMPTY);
    then();
    if (otherwise) {
      b.op(op.else);
      otherwise();
    }
    b.op(op.end);
  };
  const eq = (l: number, v: number): Emit => () => b.get(l).i32(v).op(op.i32Eq);
  const loadEq = (arr: number, idx: Emit, v: number): Emit => () => {
    load(arr, idx);
    b.i32(v).op(op.i32Eq);
  };
  /** `psstack[pstop++] = value`. */
  const push = (value: Emit): void => {
    store(PSSTACK, local(PSTOP), value);
    add(PSTOP, 1);
  };
  /** `ps = psstack[--pstop]`. */
  const pop = (): void => {
    add(PSTOP, -1);
    load(PSSTACK, local(PSTOP));
    b.set(PS);
  };
  /** SExtractor's `update` (LutzScanner.upd) of slot `a` with (nb, first, last, flag), the link logged. */
  const upd = (a: Emit, nb: Emit, first: Emit, last: Emit, flag: Emit): void => {
    set(UA, a);
    set(UN, nb);
    set(UF, first);
    set(UL, last);
    set(UG, flag);
    store(INB, local(UA), () => {
      load(INB, local(UA));
      b.get(UN).op(op.i32Add);
    });
    store(IFLAG, local(UA), () => {
      load(IFLAG, local(UA));
      b.get(UG).op(op.i32Or);
    });
    when(
      loadEq(IFIRST, local(UA), -1),
      () => {
        store(IFIRST, local(UA), local(UF));
        store(ILAST, local(UA), local(UL));
      },
      () =>
        when(
          () => b.get(UL).i32(-1).op(op.i32Ne),
          () => {
            when(
              local(NEXT),
              // next[iLast[a]] = first
              () => store(NEXT, () => load(ILAST, local(UA)), local(UF)),
              () => {
                // links[2 nl] = iLast[a], links[2 nl + 1] = first
                store(LINKS, () => b.get(NL).i32(1).op(op.i32Shl), () => load(ILAST, local(UA)));
                store(LINKS, () => b.get(NL).i32(1).op(op.i32Shl).i32(1).op(op.i32Add), local(UF));
                add(NL, 1);
              },
            );
            store(ILAST, local(UA), local(UL));
          },
        ),
    );
  };
  /** `sX[start[co]] = iX[co]` for the four fields. */
  const saveSlot = (): void => {
    load(START, local(CO));
    b.set(T);
    store(SNB, local(T), () => load(INB, local(CO)));
    store(SFIRST, local(T), () => load(IFIRST, local(CO)));
    store(SLAST, local(T), () => load(ILAST, local(CO)));
    store(SFLAG, local(T), () => load(IFLAG, local(CO)));
  };

  // the arrays' and logs' addresses
  const arrays = [MARKER, PSSTACK, START, END, INB, IFIRST, ILAST, IFLAG, SNB, SFIRST, SLAST, SFLAG, LINKS];
  arrays.forEach((l, k) => b.get(ST).i32(16).op(op.i32Add).get(S).i32(k).op(op.i32Mul, op.i32Add).set(l));
  b.get(LINKS).get(S).i32(4).op(op.i32Mul, op.i32Add).set(COMPL);
  b.get(ST).mem(op.i32Load, 2, 0).set(CO);
  b.get(ST).mem(op.i32Load, 2, 4).set(PSTOP);
  set(PS, int(COMPLETE));
  set(CS, int(NONOBJECT));

  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(XL).get(W).op(op.i32GtS, op.brIf, 1);
  // nothing happens on empty sky outside any segment: skip it, eight pixels a step while all eight
  // are sky (every rec −1: their AND is all ones; every marker 0), then one at a time
  when(eq(CS, NONOBJECT), () => {
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(XL).i32(8).op(op.i32Add).get(W).op(op.i32GtS, op.brIf, 1);
    at(REC, local(XL));
    b.simd(simd.load, 2, 0);
    at(REC, local(XL));
    b.simd(simd.load, 2, 16).simd(simd.and).simd(simd.not);
    at(MARKER, local(XL));
    b.simd(simd.load, 2, 0).simd(simd.or);
    at(MARKER, local(XL));
    b.simd(simd.load, 2, 16).simd(simd.or).simd(simd.anyTrue);
    b.op(op.brIf, 1);
    add(XL, 8);
    b.op(op.br, 0, op.end, op.end);
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(XL).get(W).op(op.i32GeS, op.brIf, 1);
    load(REC, local(XL));
    b.i32(0).op(op.i32GeS, op.brIf, 1);
    load(MARKER, local(XL));
    b.op(op.brIf, 1);
    add(XL, 1);
    b.op(op.br, 0, op.end, op.end);
  });
  load(MARKER, local(XL));
  b.set(NM);
  store(MARKER, local(XL), int(0));
  set(P, int(-1));
  when(
    () => b.get(XL).get(W).op(op.i32LtS),
    () => {
      load(REC, local(XL));
      b.set(P);
    },
  );
  const luflag: Emit = () => b.get(P).i32(0).op(op.i32GeS);
  when(luflag, () =>
    when(
      () => b.get(CS).i32(OBJECT).op(op.i32Ne),
      () => {
        set(CS, int(OBJECT));
        when(
          eq(PS, OBJECT),
          () =>
            when(
              loadEq(START, local(CO), UNKNOWN),
              () => {
                store(MARKER, local(XL), int(M_S));
                store(START, local(CO), local(XL));
              },
              () => store(MARKER, local(XL), int(M_s)),
            ),
          () => {
            push(local(PS));
            store(MARKER, local(XL), int(M_S));
            add(CO, 1);
            store(START, local(CO), local(XL));
            set(PS, int(COMPLETE));
            store(INB, local(CO), int(0));
            store(IFIRST, local(CO), int(-1));
            store(ILAST, local(CO), int(-1));
            store(IFLAG, local(CO), int(0));
          },
        );
      },
    ),
  );
  when(local(NM), () =>
    when(
      eq(NM, M_S),
      () => {
        push(local(PS));
        when(
          eq(CS, NONOBJECT),
          () => {
            push(int(COMPLETE));
            add(CO, 1);
            store(INB, local(CO), () => load(SNB, local(XL)));
            store(IFIRST, local(CO), () => load(SFIRST, local(XL)));
            store(ILAST, local(CO), () => load(SLAST, local(XL)));
            store(IFLAG, local(CO), () => load(SFLAG, local(XL)));
            store(START, local(CO), int(UNKNOWN));
          },
          () =>
            upd(
              local(CO),
              () => load(SNB, local(XL)),
              () => load(SFIRST, local(XL)),
              () => load(SLAST, local(XL)),
              () => load(SFLAG, local(XL)),
            ),
        );
        set(PS, int(OBJECT));
      },
      () =>
        when(
          eq(NM, M_s),
          () => {
            when(
              () => {
                eq(CS, OBJECT)();
                eq(PS, COMPLETE)();
                b.op(op.i32And);
              },
              () => {
                add(PSTOP, -1);
                load(START, local(CO));
                b.set(T);
                upd(
                  () => b.get(CO).i32(1).op(op.i32Sub),
                  () => load(INB, local(CO)),
                  () => load(IFIRST, local(CO)),
                  () => load(ILAST, local(CO)),
                  () => load(IFLAG, local(CO)),
                );
                add(CO, -1);
                when(
                  loadEq(START, local(CO), UNKNOWN),
                  () => store(START, local(CO), local(T)),
                  () => store(MARKER, local(T), int(M_s)),
                );
              },
            );
            set(PS, int(OBJECT));
          },
          () =>
            when(
              eq(NM, M_f),
              () => set(PS, int(INCOMPLETE)),
              () =>
                when(eq(NM, M_F), () => {
                  pop();
                  when(
                    () => {
                      eq(CS, NONOBJECT)();
                      eq(PS, COMPLETE)();
                      b.op(op.i32And);
                    },
                    () => {
                      when(
                        loadEq(START, local(CO), UNKNOWN),
                        () =>
                          when(
                            () => {
                              load(INB, local(CO));
                              b.i32(0).op(op.i32GtS);
                            },
                            () => {
                              // completions[4 nc …] = first, count, flag, column
                              const field = (k: number, value: Emit): void => store(COMPL, () => b.get(NC).i32(2).op(op.i32Shl).i32(k).op(op.i32Add), value);
                              field(0, () => load(IFIRST, local(CO)));
                              field(1, () => load(INB, local(CO)));
                              field(2, () => load(IFLAG, local(CO)));
                              field(3, local(XL));
                              add(NC, 1);
                            },
                          ),
                        () => {
                          store(MARKER, () => load(END, local(CO)), int(M_F));
                          saveSlot();
                        },
                      );
                      add(CO, -1);
                      pop();
                    },
                  );
                }),
            ),
        ),
    ),
  );
  when(
    luflag,
    () => {
      when(local(NEXT), () => store(NEXT, local(P), int(-1)));
      upd(local(CO), int(1), local(P), local(P), local(ROWFLAG));
    },
    () =>
      when(eq(CS, OBJECT), () => {
        set(CS, int(NONOBJECT));
        when(
          () => b.get(PS).i32(COMPLETE).op(op.i32Ne),
          () => {
            store(MARKER, local(XL), int(M_f));
            store(END, local(CO), local(XL));
          },
          () => {
            pop();
            store(MARKER, local(XL), int(M_F));
            saveSlot();
            add(CO, -1);
          },
        );
      }),
  );
  add(XL, 1);
  b.op(op.br, 0, op.end, op.end);
  b.get(ST).get(CO).mem(op.i32Store, 2, 0);
  b.get(ST).get(PSTOP).mem(op.i32Store, 2, 4);
  b.get(ST).get(NL).mem(op.i32Store, 2, 8);
  b.get(ST).get(NC).mem(op.i32Store, 2, 12);
  return b;
}

/**
 * `listComponents(first, count, ncomp, next, order) → listed` (byte addresses but `ncomp`): the
 * pixel lists of a strip's completed components in list order, as detect.ts's listComponents
 * walks them: component c's records from `first[c]` along `next`, until −1 or `count[c]` of them,
 * appended to `order`; then `count[c]` is overwritten with the number listed so far (the
 * components' ends: detect.ts's `counts[c + 1]`, read only once c's count has been). Returns the
 * number of records listed. One call instead of a JavaScript walk of every record, which ran in
 * V8's interpreter on a cold start.
 */
export function listComponentsEntry(): WasmFunction {
  const [first, count, ncomp, next, order, c, k, p, m, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const b = new Body();
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(c).get(ncomp).op(op.i32GeS, op.brIf, 1);
  b.get(first).get(c).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(p);
  b.get(count).get(c).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(n);
  b.i32(0).set(m);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(p).i32(-1).op(op.i32Eq, op.brIf, 1);
  b.get(m).get(n).op(op.i32GeS, op.brIf, 1);
  b.get(order).get(k).i32(2).op(op.i32Shl, op.i32Add).get(p).mem(op.i32Store, 2);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.get(next).get(p).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(p);
  b.get(m).i32(1).op(op.i32Add).set(m);
  b.op(op.br, 0, op.end, op.end);
  b.get(count).get(c).i32(2).op(op.i32Shl, op.i32Add).get(k).mem(op.i32Store, 2);
  b.get(c).i32(1).op(op.i32Add).set(c);
  b.op(op.br, 0, op.end, op.end);
  b.get(k);
  return { params: [I32, I32, I32, I32, I32], results: [I32], locals: [I32, I32, I32, I32, I32], body: b, exportName: 'listComponents' };
}
