import { formatDec, formatRa } from '../../../core/coords/index.js';
import type { SolutionView } from '../../../shared/domain.js';
import { UNSOLVED_REASON_TEXT as REASONS } from './unsolved-reason-text.js';


/**
 * A product's plate solution (an image imported without a celestial WCS is solved before its
 * extraction): centre, pixel scale, rotation, parity, stars matched, RMS and time; or why the
 * image was not solved. Nothing for an image that was not solved because it had a WCS.
 */
export function SolutionPanel({ solution }: { solution: SolutionView | null }) {
  if (!solution) return null;
  if (!solution.solved) {
    return (
      <div className="solution-panel unsolved" data-testid="solution-panel" data-solved="false">
        <strong>Not plate-solved:</strong> {REASONS[solution.reason]}
        <span className="muted" data-testid="solution-message">
          {solution.message}
        </span>
      </div>
    );
  }
  const s = solution;
  const facts: Array<[string, string]> = [
    ['centre', `${formatRa(s.ra, 2)} ${formatDec(s.dec, 1)}`],
    ['scale', `${s.scaleArcsec.toFixed(3)}″/px`],
    ['rotation', `${s.rotationDeg.toFixed(2)}°`],
    ['parity', s.parity],
    ['matched', `${s.matched} stars`],
    ['RMS', `${s.rmsArcsec.toFixed(2)}″`],
    ['time', `${s.seconds.toFixed(1)} s`],
  ];
  return (
    <div className="solution-panel" data-testid="solution-panel" data-solved="true">
      <strong>Plate-solved</strong>
      {facts.map(([label, value]) => (
        <span key={label} data-testid={`solution-${label.toLowerCase()}`}>
          <span className="muted">{label}</span> {value}
        </span>
      ))}
    </div>
  );
}
