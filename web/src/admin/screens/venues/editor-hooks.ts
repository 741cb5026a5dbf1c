/**
 * Editor hooks of the seating builder. useUnsavedGuard asks before unsaved changes are dropped: the browser's own prompt when the page unloads, and a confirm() when a link
 * inside the console (menu, breadcrumbs) would navigate without unloading. Capture on document runs before React's
 * own handlers on the root, so a "stay" stops the Link's navigation.
 */
import { useEffect } from 'react';

export function useUnsavedGuard(active: boolean, question: string) {
  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    const guardLinks = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[href]');
      if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      if ((link as HTMLAnchorElement).target === '_blank' || link.hasAttribute('download')) return;
      if (window.confirm(question)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('beforeunload', warn);
    document.addEventListener('click', guardLinks, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', guardLinks, true);
    };
  }, [active, question]);
}

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
