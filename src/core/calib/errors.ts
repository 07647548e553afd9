/** Errors of the calibration core, each with a code the CLI prints. */
export type CalibErrorCode =
  | 'bad_section' // a BIASSEC/TRIMSEC/DATASEC string that cannot be parsed or lies outside the frame
  | 'shape_mismatch' // frames or masters of different sizes
  | 'no_frames' // nothing to combine
  | 'bad_exposure' // dark scaling without a positive exposure time
  | 'bad_flat' // a flat whose mean is not positive
  | 'bad_argument';

export class CalibError extends Error {
  constructor(
    readonly code: CalibErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CalibError';
  }
}
