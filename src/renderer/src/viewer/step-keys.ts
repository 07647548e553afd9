import { useEffect, useRef } from 'react';

/** The viewer's keys for stepping between images (for the shortcut list under `?`). */
export const STEP_KEYS: ReadonlyArray<{ key: string; does: string }> = [
  { key: '[', does: 'previous image of the same target or field' },
  { key: ']', does: 'next image of the same target or field' },
  { key: 'b', does: 'blink on or off' },
];

/**
 * Listens for the step keys on the window while mounted; keys typed into a field (input,
 * select, text area, editable element) or with Ctrl, Alt or Meta are left alone.
 */
export function useStepKeys(actions: { previous: () => void; next: () => void; blink: () => void }): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return;
      const act = e.key === '[' ? ref.current.previous : e.key === ']' ? ref.current.next : e.key === 'b' ? ref.current.blink : null;
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
