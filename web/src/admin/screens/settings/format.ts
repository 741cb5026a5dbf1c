/** Settings helpers without React: a VAT rate typed as a percentage ↔ basis points, and template names in words. */

/** "15" → 1500, "15.5" → 1550, "7,25 %" → 725; null when it is not a percentage from 0 to 50 with at most two decimals. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,2})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 5000 ? bps : null;
}

/** 1500 → "15", 1550 → "15.5", 725 → "7.25". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = String(bps % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

const TEMPLATE_NAMES: Record<string, string> = {
  order_confirmation: 'Order confirmation (with tickets)',
  order_refunded: 'Order refunded',
  order_auto_refunded: 'Order refunded automatically',
  order_cancelled: 'Order cancelled',
  order_pending: 'Order link sent again (finish paying)',
  event_cancelled: 'Event cancelled',
  event_reminder: 'Event reminder',
  invitation: 'Team invitation',
  password_reset: 'Password reset',
  daily_report: 'Daily sales report',
  webhook_disabled: 'Webhook endpoint disabled',
  order_refund_requested: 'Refund request received (waits for you)',
  order_refund_declined: 'Refund request declined',
  buyer_order_links: 'Order links emailed on request (lost email)',
};

/** A template's name in words ("order_confirmation" → "Order confirmation (with tickets)"). */
export function templateName(template: string): string {
  return TEMPLATE_NAMES[template] ?? template.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export const LOCALE_NAMES: Record<string, string> = { en: 'English', af: 'Afrikaans' };

/** {{placeholders}} used in a text that the template does not offer (they would print empty). */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) if (!allowed.includes(m[1]!)) found.add(m[1]!);
  return [...found];
}

/** One daily quota in words: "1,234 of 100,000 (1 %)", and whether it is nearly (≥ 80 %) or fully used. */
export function quotaLine(used: number, quota: number): { text: string; percent: number; level: 'ok' | 'warn' | 'full' } {
  const percent = quota > 0 ? Math.min(100, Math.floor((used * 100) / quota)) : 100;
  const n = (x: number) => x.toLocaleString('en-US');
  return { text: `${n(used)} of ${n(quota)} (${percent} %)`, percent, level: used >= quota ? 'full' : percent >= 80 ? 'warn' : 'ok' };
}

/** "3 min", "2 h 5 min" — how old the oldest change not yet copied is. */
export function lagText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
