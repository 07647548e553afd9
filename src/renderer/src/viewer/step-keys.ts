import { useShortcuts } from '../keys/shortcuts.js';

/** The viewer's keys for stepping between images (listed under `?` with the viewer's other keys). */
export const STEP_KEYS: ReadonlyArray<{ key: string; does: string }> = [
  { key: '[', does: 'Previous image of the same target or field' },
  { key: ']', does: 'Next image of the same target or field' },
  { key: 'b', does: 'Blink on or off' },
];

/**
 * Registers the step keys that do something now (an action is null when there is no image to
 * step to or blink with) in the page's shortcuts while mounted, so `?` lists only those; keys
 * typed into a field or with Ctrl, Alt or Meta are left alone by the registry.
 */
export function useStepKeys(actions: { previous: (() => void) | null; next: (() => void) | null; blink: (() => void) | null }): void {
  const run = [actions.previous, actions.next, actions.blink];
  useShortcuts(
    'Stepping between images',
    STEP_KEYS.flatMap((k, i) => {
      const act = run[i];
      return act ? [{ keys: [k.key], description: k.does, run: act }] : [];
    }),
  );
}
