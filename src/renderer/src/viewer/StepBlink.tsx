import { useStepKeys } from './step-keys.js';
import type { ImageSequence, SequenceImage, StepBy } from './use-sequence.js';
import './step-blink.css';

/** The blink as chosen: on or off, the other image, and how long each image is shown. */
export interface BlinkChoice {
  on: boolean;
  /** Product id of the other image; null: the one before this image in the sequence (else the one after). */
  partner: number | null;
  intervalMs: number;
}

const INTERVALS = [250, 500, 1000, 2000];

/** The image a blink shows with the current one. */
export function blinkPartner(sequence: ImageSequence | null, choice: BlinkChoice): SequenceImage | null {
  if (!sequence || sequence.index < 0) return null;
  const chosen = choice.partner !== null ? sequence.images.find((im) => im.id === choice.partner && im.id !== sequence.images[sequence.index]!.id) : undefined;
  return chosen ?? sequence.images[sequence.index - 1] ?? sequence.images[sequence.index + 1] ?? null;
}

/**
 * Previous / next image of the same target or field (buttons and the `[` `]` keys) and a blink
 * with another of them (`b`), placed beside the viewer's toolbar. The viewer keeps the zoom,
 * the centre and the display limits across both.
 */
export function StepBlink({
  sequence,
  blink,
  onBlink,
  onStep,
  onBy,
}: {
  sequence: ImageSequence | null;
  blink: BlinkChoice;
  onBlink: (next: BlinkChoice) => void;
  onStep: (image: SequenceImage) => void;
  /** Switches an image on no target between stepping by OBJECT and by overlapping field. */
  onBy: (by: StepBy) => void;
}) {
  const i = sequence?.index ?? -1;
  const previous = i > 0 ? sequence!.images[i - 1]! : null;
  const next = i >= 0 && sequence && i + 1 < sequence.images.length ? sequence.images[i + 1]! : null;
  const partner = blinkPartner(sequence, blink);
  useStepKeys({
    previous: previous ? () => onStep(previous) : null,
    next: next ? () => onStep(next) : null,
    blink: partner ? () => onBlink({ ...blink, on: !blink.on }) : null,
  });
  if (!sequence || i < 0 || sequence.images.length < 2) {
    return (
      <span className="step-blink muted" data-testid="step-blink" data-count={sequence?.images.length ?? 0}>
        {!sequence
          ? 'no other image of this target, OBJECT or field'
          : sequence.kind === 'field'
            ? 'no other image overlaps this field'
            : `the only image of ${sequence.label}`}
      </span>
    );
  }
  const what = sequence.kind === 'target' ? `target ${sequence.label}` : sequence.kind === 'object' ? `OBJECT ${sequence.label}` : 'overlapping field';
  return (
    <span className="step-blink" data-testid="step-blink" data-count={sequence.images.length} data-kind={sequence.kind}>
      {sequence.choices.length > 1 && (
        <label className="inline">
          step by
          <select value={sequence.kind} onChange={(e) => onBy(e.target.value === 'field' ? 'field' : 'object')} data-testid="step-by" aria-label="Images to step through">
            <option value="object">same OBJECT</option>
            <option value="field">overlapping field</option>
          </select>
        </label>
      )}
      <button type="button" disabled={!previous} onClick={() => previous && onStep(previous)} title={previous ? `${previous.name} ([)` : undefined} data-testid="step-previous">
        ← Previous
      </button>
      <span className="muted" data-testid="step-position">
        {i + 1} of {sequence.images.length} ({what})
      </span>
      <button type="button" disabled={!next} onClick={() => next && onStep(next)} title={next ? `${next.name} (])` : undefined} data-testid="step-next">
        Next →
      </button>
      <button type="button" aria-pressed={blink.on} onClick={() => onBlink({ ...blink, on: !blink.on })} disabled={!partner} data-testid="blink-toggle" title="show this image and the other in turn (b)">
        Blink
      </button>
      <label className="inline">
        with
        <select
          value={partner?.id ?? ''}
          onChange={(e) => onBlink({ ...blink, partner: Number(e.target.value) })}
          data-testid="blink-partner"
          aria-label="Image to blink with"
        >
          {sequence.images.map((im, k) =>
            k === i ? null : (
              <option key={im.id} value={im.id}>
                {im.name}
              </option>
            ),
          )}
        </select>
      </label>
      <label className="inline">
        every
        <select value={blink.intervalMs} onChange={(e) => onBlink({ ...blink, intervalMs: Number(e.target.value) })} data-testid="blink-interval">
          {INTERVALS.map((ms) => (
            <option key={ms} value={ms}>
              {ms / 1000} s
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
