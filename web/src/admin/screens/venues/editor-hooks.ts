/**
 * Editor hooks of the seating builder. (Asking before unsaved changes are dropped is the console's one shared hook,
 * ui/unsaved.ts useUnsavedChanges.)
 */
import { useEffect } from 'react';

/** Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl/⌘+Y redo, unless the keys go to a field. */
export function useUndoKeys(step: (redoing: boolean) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      const key = e.key.toLowerCase();
      if (!(e.ctrlKey || e.metaKey) || (key !== 'z' && key !== 'y')) return;
      e.preventDefault();
      step(key === 'y' || e.shiftKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);
}
