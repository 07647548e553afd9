import { useShortcuts } from '../keys/shortcuts.js';

/** The viewer's keys for stepping between images (listed under `?` with the viewer's other keys). */
export const STEP_KEYS: ReadonlyArray<{ key: string; does: string }> = [
  { key: '[', does: 'Previous image of the same target or field' },
  { key: ']', does: 'Next image of the same target or field' },
  { key: 'b', does: 'Blink on or off' },
];

/**
 * Registers the step keys in the page's shortcuts while mounted (so `?` lists them); keys typed
 * into a field or with Ctrl, Alt or Meta are left alone by the registry.
 */
export function useStepKeys(actions: { previous: () => void; next: () => void; blink: () => void }): void {
  const run = [actions.previous, actions.next, actions.blink];
  useShortcuts(
    'Stepping between images',
    STEP_KEYS.map((k, i) => ({ keys: [k.key], description: k.does, run: run[i]! })),
  );
}
