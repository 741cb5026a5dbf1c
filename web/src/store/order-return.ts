/**
 * Coming back from the payment provider. The provider is given return URLs that name the order, never its link
 * (the link is the buyer's only key to the order, and a provider's logs are no place for it): before leaving for the
 * payment page the storefront keeps the link in this browser, and the return page (/orders/return/{orderId}) takes it
 * from there to the order page. A buyer who comes back in another browser finds the link in the confirmation email.
 */
import { localStore } from './local-store';

const key = (orderId: string) => `vge.orderLink.${orderId}`;
/** How long a kept link is worth keeping: longer than any payment page stays open. */
const KEEP_MS = 24 * 3600_000;

/** Keeps the order's link in this browser while its buyer is at the payment page (and forgets stale ones). */
export function keepOrderLink(orderId: string, accessToken: string, now = Date.now()) {
  const s = localStore();
  if (!s) return;
  try {
    for (let i = s.length - 1; i >= 0; i--) {
      const k = s.key(i);
      if (!k?.startsWith('vge.orderLink.')) continue;
      const kept = JSON.parse(s.getItem(k) ?? 'null') as { at?: number } | null;
      if (!kept?.at || now - kept.at > KEEP_MS) s.removeItem(k);
    }
    s.setItem(key(orderId), JSON.stringify({ accessToken, at: now }));
  } catch {
    /* storage full or refused: the confirmation email still has the link */
  }
}

/** The kept link of an order, once: it is forgotten as it is handed back. Null when this browser has none. */
export function takeOrderLink(orderId: string, now = Date.now()): string | null {
  const s = localStore();
  if (!s) return null;
  try {
    const kept = JSON.parse(s.getItem(key(orderId)) ?? 'null') as { accessToken?: string; at?: number } | null;
    s.removeItem(key(orderId));
    if (!kept?.accessToken || !kept.at || now - kept.at > KEEP_MS) return null;
    return kept.accessToken;
  } catch {
    return null;
  }
}
