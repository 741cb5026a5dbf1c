/**
 * The usability walk (issue #18): every screen of an app, looked at as its user would at a phone's and a desktop's
 * size. `look` snaps the screen (test-results/e2e/, checked by axe-core through `snap`), and notes whether it scrolls
 * sideways; `docShot` also keeps a small JPEG of it under docs/screenshots/ for docs/web.md ("What each user sees").
 * Each walk asserts `layoutFindings` and `a11yFindings` empty at its end, so a finding names the screen it was on.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { snap } from './browser';

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;
export const SIZES = { phone: PHONE, desktop: DESKTOP } as const;
export type SizeName = keyof typeof SIZES;

/** Layout findings on the screens looked at, as "actor/screen@size: what". */
export const layoutFindings: string[] = [];

export const DOC_SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/**
 * What makes the page wider than the viewport, or null when nothing does: the document's scroll width against the
 * viewport's, naming the widest element that sticks out (tag, id/class and its right edge) so a finding says where.
 */
export async function sidewaysScroll(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: any; innerWidth: number }).document;
    const width = doc.documentElement.clientWidth as number;
    if ((doc.documentElement.scrollWidth as number) <= width + 1) return null;
    let worst: { right: number; what: string } | null = null;
    for (const el of Array.from(doc.querySelectorAll('body *')) as any[]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      // The outermost sticking-out element is the one to fix: skip those whose parent sticks out as far.
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && parent.right >= r.right - 1 && el.parentElement !== doc.body) continue;
      if (!worst || r.right > worst.right) {
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        worst = { right: Math.round(r.right), what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}` };
      }
    }
    return `scrolls sideways: ${doc.documentElement.scrollWidth}px wide in a ${width}px viewport${worst ? ` (${worst.what} reaches ${worst.right}px)` : ''}`;
  });
}

/**
 * What scrolls sideways, or is cut off, *inside* the page although the page itself does not: a table (or what holds
 * one) wider than the box it scrolls or is clipped in, e.g. a wide table in a `.table-wrap` on a phone. Folded
 * <details> are opened for the measure (a table of figures or changes waits in them) and closed again. A region
 * that scrolls on purpose is let be when it says so: role="region", focusable, its name saying it scrolls
 * (ui/table.tsx ScrollRegion). One line per box, naming it and its table's caption or first header.
 */
export async function sidewaysInside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: any; getComputedStyle: (el: any) => any }).document;
    const style = (el: any) => (globalThis as unknown as { getComputedStyle: (el: any) => any }).getComputedStyle(el);
    const opened = (Array.from(doc.querySelectorAll('details:not([open])')) as any[]).filter((d) => !d.closest('[hidden]'));
    for (const d of opened) d.open = true;
    try {
      const found: string[] = [];
      const name = (el: any) => {
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}`;
      };
      for (const box of Array.from(doc.querySelectorAll('body *')) as any[]) {
        const ox = style(box).overflowX;
        if (!['auto', 'scroll', 'hidden', 'clip'].includes(ox)) continue;
        if (box.scrollWidth <= box.clientWidth + 1 || box.clientWidth === 0) continue;
        const table = box.tagName === 'TABLE' ? box : box.querySelector('table');
        if (!table) continue;
        const label = (box.getAttribute('aria-label') ?? '') as string;
        if (box.getAttribute('role') === 'region' && box.tabIndex === 0 && /scroll/i.test(label)) continue;
        const what = (table.caption?.textContent ?? table.querySelector('th')?.textContent ?? '').trim().slice(0, 60);
        found.push(`${name(box)}${ox === 'auto' || ox === 'scroll' ? ' scrolls sideways' : ' cuts off its table'} (${box.scrollWidth}px in ${box.clientWidth}px): table "${what}"`);
      }
      return found;
    } finally {
      for (const d of opened) d.open = false;
    }
  });
}

/** Whether the element's box lies within the viewport as it is now (at least `share` of it visible). */
export async function inViewport(locator: Locator, share = 1): Promise<boolean> {
  const box = await locator.boundingBox();
  if (!box) return false;
  const size = locator.page().viewportSize()!;
  const visibleW = Math.max(0, Math.min(box.x + box.width, size.width) - Math.max(box.x, 0));
  const visibleH = Math.max(0, Math.min(box.y + box.height, size.height) - Math.max(box.y, 0));
  return visibleW * visibleH >= share * box.width * box.height - 1;
}

/**
 * One screen looked at: a full-page screenshot checked by axe (`snap`), and a layout finding when it scrolls
 * sideways — and, with `inside` (the organizer's walk on a phone), when a table scrolls sideways or is cut off
 * inside it (`sidewaysInside`). `size` names the viewport the page was opened at (the screenshot's name carries it).
 */
export async function look(page: Page, actor: string, screen: string, size: SizeName, opts: { doc?: boolean; inside?: boolean } = {}): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
  const sideways = await sidewaysScroll(page);
  if (sideways) layoutFindings.push(`${actor}/${screen}@${size}: ${sideways}`);
  // A table reads as cards on a phone: nothing scrolls sideways inside the page either (unless it says it does).
  if (opts.inside) for (const inside of await sidewaysInside(page)) layoutFindings.push(`${actor}/${screen}@${size}: ${inside}`);
  await snap(page, actor, `${screen}-${size}`);
  if (opts.doc) await docShot(page, `${actor}-${screen}-${size}`);
}

/** A small JPEG of the viewport for the docs (docs/screenshots/<name>.jpg), rewritten by every e2e run. */
export async function docShot(page: Page, name: string): Promise<void> {
  mkdirSync(DOC_SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${DOC_SCREENSHOT_DIR}${name}.jpg`, type: 'jpeg', quality: 60 });
}
