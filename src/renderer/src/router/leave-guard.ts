import { useEffect } from 'react';

/**
 * A page with unsaved changes asks before it is left: by a link or the sidebar (`navigate`),
 * by Back or Forward (`useRoute` puts the page back if the user stays), and by a reload or
 * closing the tab (the browser's own `beforeunload` question).
 */
let question: string | null = null;

/** True when there is nothing to lose, or the user confirms leaving. */
export function confirmLeave(): boolean {
  if (question === null) return true;
  // A blocking question on purpose: the page must not change before the answer.
  return window.confirm(question);
}

/**
 * While `ask` is a question (not null), leaving the page asks it first: "Settings has unsaved
 * changes (Worker threads). Leave without saving?".
 */
export function useLeaveGuard(ask: string | null): void {
  useEffect(() => {
    if (ask === null) return;
    question = ask;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the question only when returnValue is set.
      e.returnValue = ask;
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      if (question === ask) question = null;
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [ask]);
}
