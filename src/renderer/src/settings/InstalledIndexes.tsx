import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

/** Arcminutes in words: `12′` below a degree, `1.5°` above. */
function angle(arcmin: number): string {
  return arcmin < 60 ? `${+arcmin.toPrecision(2)}′` : `${+(arcmin / 60).toPrecision(2)}°`;
}

/**
 * What the saved index folders hold: how many index files, the field widths they can solve, the
 * folders that do not exist here, and the files that cannot be read (asked again when the
 * settings are saved).
 */
export function InstalledIndexes() {
  const q = useQuery(() => raw.solve.indexes(), ['settings:changed']);
  const d = q.data;
  if (!d) return <p className="muted">{q.error ? q.error.message : 'Looking for index files…'}</p>;
  const found = d.folders.filter((f) => f.exists).map((f) => f.dir);
  return (
    <div className="muted" data-testid="installed-indexes">
      {d.fields ? (
        <p data-testid="index-coverage">
          {d.indexes.length} index file{d.indexes.length === 1 ? '' : 's'} in {found.join(', ')}: fields about {angle(d.fields.lowArcmin)} to {angle(d.fields.highArcmin)} wide can be
          solved.
        </p>
      ) : (
        <p data-testid="index-coverage">
          No index files found{found.length > 0 ? ` in ${found.join(', ')}` : ' (none of the folders exists here)'}: images without a WCS are not solved. Debian and Ubuntu
          package them (astrometry-data-tycho2); astrometry.net publishes the 4100 and 5200 series.
        </p>
      )}
      {d.errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
    </div>
  );
}
