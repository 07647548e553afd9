/**
 * The masters the matching rule considers for a light (README, "Calibration"): the newest master
 * of each group made here (an older one of its group is superseded: the group has gained frames
 * since), and every master made elsewhere and imported.
 */
import type { Frame } from './frames.js';

/** The newest master made here of each group, by group key. */
export function newestBuilt(masters: readonly Frame[]): Map<string, Frame> {
  const newest = new Map<string, Frame>();
  for (const m of masters) if (m.group !== null && m.inputs.length > 0 && (newest.get(m.group)?.id ?? 0) < m.id) newest.set(m.group, m);
  return newest;
}

/** The rule's candidates among `masters` (see the module comment), by id. */
export function ruleCandidates(masters: readonly Frame[]): Frame[] {
  const built = new Set(newestBuilt(masters).values());
  return masters.filter((m) => m.kind === 'master' && (built.has(m) || m.inputs.length === 0));
}
