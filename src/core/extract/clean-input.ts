/** What CLEAN (clean.ts, clean-wasm.ts) reads of an object: moments.ts's Shape has these fields. */
export interface CleanInput {
  mx: number;
  my: number;
  a: number;
  b: number;
  cxx: number;
  cyy: number;
  cxy: number;
  fdflux: number;
  fdnpix: number;
  abcor: number;
}
