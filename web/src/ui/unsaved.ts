/**
 * Asking before unsaved input is dropped: useUnsavedChanges(dirty) on a form that has changes nobody saved. The
 * browser asks its own question when the page unloads (reload, closing the tab, typing an address); a link inside
 * the app (menu, breadcrumbs, tabs) navigates without unloading, so a confirm() asks then. One question however many
 * forms on the screen have changes: the guards share one pair of listeners. The click listener captures on the
 * document, so it runs before React's handlers on the root and a "stay" stops the Link's navigation.
 *
 * Pure parts (sameValues, leavesByLink, Guards) are tested in test/web/ui/unsaved.test.ts.
 */
import { useEffect, useId } from 'react';

export const UNSAVED_QUESTION = 'You have changes that are not saved. Leave without saving them?';

/** Equal as form values: primitives by value, arrays and plain objects by content. */
export function sameValues(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

type Click = { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean };
type LinkInfo = { href: string; target: string; download: boolean };

/**
 * Whether a click on `link` takes the user to another screen of the app without unloading the page (the case
 * beforeunload does not cover): a plain left click on a link that opens in this tab, to another address than
 * `here` (the page's own href; a jump within the page stays).
 */
export function leavesByLink(click: Click, link: LinkInfo | null, here: string): boolean {
  if (!link || click.defaultPrevented || click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if ((link.target && link.target !== '_self') || link.download) return false;
  const to = new URL(link.href, here);
  const from = new URL(here);
  return to.origin !== from.origin || to.pathname !== from.pathname || to.search !== from.search;
}

/** The forms with unsaved changes, by id: the question to ask is the last one's, none when none. */
export class Guards {
  private open = new Map<string, string>();
  set(id: string, question: string) {
    this.open.delete(id);
    this.open.set(id, question);
  }
  delete(id: string) {
    this.open.delete(id);
  }
  question(): string | null {
    return [...this.open.values()].at(-1) ?? null;
  }
}

const guards = new Guards();
let listening = false;

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (!guards.question()) return;
  e.preventDefault();
  e.returnValue = ''; // older browsers ask only when this is set
}

function onClick(e: MouseEvent) {
  const question = guards.question();
  const anchor = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
  if (!question || !leavesByLink(e, anchor && { href: anchor.href, target: anchor.target, download: anchor.hasAttribute('download') }, location.href)) return;
  if (window.confirm(question)) return;
  e.preventDefault();
  e.stopPropagation();
}

function listen() {
  const want = guards.question() !== null;
  if (want === listening) return;
  listening = want;
  if (want) {
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
  } else {
    window.removeEventListener('beforeunload', onBeforeUnload);
    document.removeEventListener('click', onClick, true);
  }
}

/** While `dirty`, leaving the screen (unloading, or a link in the app) asks `question` first. */
export function useUnsavedChanges(dirty: boolean, question: string = UNSAVED_QUESTION): void {
  const id = useId();
  useEffect(() => {
    if (!dirty) return;
    guards.set(id, question);
    listen();
    return () => {
      guards.delete(id);
      listen();
    };
  }, [dirty, question, id]);
}
