import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * Keyboard shortcuts: a page registers the keys it answers to while it is shown, one listener
 * on the window runs them, and `?` lists every key registered now. Keys typed into a field
 * (input, select, textarea) are the field's, never a shortcut's.
 */
export interface Shortcut {
  /** `KeyboardEvent.key` values that run it ("+", "=", "f", "ArrowRight"). */
  keys: readonly string[];
  /** What the help shows as the key ("+ or =" when empty: the keys joined). */
  label?: string;
  /** What it does, in words. */
  description: string;
  run: () => void;
}

interface Group {
  id: number;
  title: string;
  shortcuts: readonly Shortcut[];
}

let groups: Group[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());

/** The groups of shortcuts registered now, for the help. */
export function shortcutGroups(): ReadonlyArray<{ title: string; shortcuts: readonly Shortcut[] }> {
  return groups;
}

/** A shortcut's key as the help shows it. */
export function keyLabel(s: Shortcut): string {
  return s.label ?? s.keys.join(' or ');
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/** Runs the shortcut a key press belongs to (the most recently registered group first). */
function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
  for (let i = groups.length - 1; i >= 0; i--) {
    const s = groups[i]!.shortcuts.find((x) => x.keys.includes(e.key));
    if (s) {
      e.preventDefault();
      s.run();
      return;
    }
  }
}

/**
 * Registers `shortcuts` under `title` while the calling component is mounted. The `run`
 * functions may change every render (the latest is called); the help follows `shortcuts`'
 * keys and descriptions.
 */
export function useShortcuts(title: string, shortcuts: readonly Shortcut[]): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const signature = shortcuts.map((s) => `${s.keys.join('|')}:${s.description}`).join('\n');
  useEffect(() => {
    // Nothing to run, nothing to list.
    if (latest.current.length === 0) return;
    const id = nextId++;
    const stable: Shortcut[] = latest.current.map((s, i) => ({ ...s, run: () => latest.current[i]?.run() }));
    groups = [...groups, { id, title, shortcuts: stable }];
    if (groups.length === 1) window.addEventListener('keydown', onKey);
    changed();
    return () => {
      groups = groups.filter((g) => g.id !== id);
      if (groups.length === 0) window.removeEventListener('keydown', onKey);
      changed();
    };
  }, [title, signature]);
}

/** The registered groups, re-rendering when they change. */
export function useShortcutGroups(): ReadonlyArray<{ title: string; shortcuts: readonly Shortcut[] }> {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    shortcutGroups,
  );
}
