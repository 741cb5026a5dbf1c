/**
 * Asks before unsaved changes are dropped: the browser's own prompt when the page unloads, and a confirm() when a link
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
