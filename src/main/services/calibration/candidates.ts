/**
 * The masters the matching rule considers for a light (README, "Calibration"): the masters made
 * here that nothing supersedes, and every master made elsewhere and imported. A master made here
 * is superseded by a newer one made here of its group (the same camera, set-up and night: the
 * group has gained frames since), or of its type sharing one of its inputs (its frames were
 * grouped otherwise since: a master made before groups were per night, or frames moved to
 * another night when the site's longitude changed).
 */
import type { Frame } from './frames.js';

/** The newest master made here of each group, by group key. */
export function newestBuilt(masters: readonly Frame[]): Map<string, Frame> {
  const newest = new Map<string, Frame>();
  for (const m of masters) if (m.group !== null && m.inputs.length > 0 && (newest.get(m.group)?.id ?? 0) < m.id) newest.set(m.group, m);
  return newest;
}

/** The masters made here that are superseded (see the module comment), by id, with the newest master superseding each. */
export function supersededMasters(masters: readonly Frame[]): Map<number, Frame> {
  const newest = newestBuilt(masters);
  const built = masters.filter((m) => m.kind === 'master' && m.inputs.length > 0);
  const out = new Map<number, Frame>();
  for (const m of built) {
    const ofGroup = m.group !== null ? newest.get(m.group) : undefined;
    if (ofGroup && ofGroup.id !== m.id) {
      out.set(m.id, ofGroup);
      continue;
    }
    const inputs = new Set(m.inputs);
    let by: Frame | undefined;
    for (const n of built) if (n.id > m.id && n.type === m.type && (by?.id ?? 0) < n.id && n.inputs.some((i) => inputs.has(i))) by = n;
    if (by) out.set(m.id, by);
  }
  return out;
}

/** The rule's candidates among `masters` (see the module comment), by id. */
export function ruleCandidates(masters: readonly Frame[]): Frame[] {
  const superseded = supersededMasters(masters);
  return masters.filter((m) => m.kind === 'master' && !superseded.has(m.id));
}
