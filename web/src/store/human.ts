/**
 * Turnstile on holds without a queue, the buyer's side (docs/waiting-room.md): the human pass a hold answered, kept
 * per event in sessionStorage until it expires and sent as `Human-Pass` on later holds, extensions and quotes; and
 * the widget's token for when there is no pass yet (and for joining a queue). With a site key configured the
 * mounted widget (Turnstile.tsx) supplies one token per check; without one (development) Cloudflare's dummy token
 * goes, which only the development adapter's test secrets accept.
 */
import { DEV_TURNSTILE_TOKEN, tabStorage, type KeyValue } from './queue';

export const HUMAN_PASS_HEADER = 'Human-Pass';
export type StoredPass = { pass: string; expiresAt: number };

const passKey = (eventId: string) => `vge.human.${eventId}`;
/** A pass this close to its end is not sent: the request would arrive after it. */
const MARGIN_MS = 5_000;

export function readHumanPass(eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): StoredPass | null {
  try {
    const v = JSON.parse(store?.getItem(passKey(eventId)) ?? 'null') as Partial<StoredPass> | null;
    if (v && typeof v.pass === 'string' && typeof v.expiresAt === 'number' && v.expiresAt - MARGIN_MS > now) return { pass: v.pass, expiresAt: v.expiresAt };
  } catch {
    /* unreadable: as if none */
  }
  return null;
}

export function saveHumanPass(eventId: string, answer: { humanPass?: string; humanPassExpiresAt?: string }, store: KeyValue | null = tabStorage()) {
  if (!answer.humanPass || !answer.humanPassExpiresAt) return;
  try {
    store?.setItem(passKey(eventId), JSON.stringify({ pass: answer.humanPass, expiresAt: Date.parse(answer.humanPassExpiresAt) }));
  } catch {
    /* storage refused: the next hold asks the widget again */
  }
}

export function forgetHumanPass(eventId: string, store: KeyValue | null = tabStorage()) {
  try {
    store?.removeItem(passKey(eventId));
  } catch {
    /* nothing kept */
  }
}

/** The header holds, extensions and quotes carry while a pass is usable. */
export function humanHeaders(eventId: string, now: number = Date.now(), store: KeyValue | null = tabStorage()): Record<string, string> {
  const p = readHumanPass(eventId, now, store);
  return p ? { [HUMAN_PASS_HEADER]: p.pass } : {};
}

// ---- the widget's tokens --------------------------------------------------------------------------------------

type Widget = { token: string | null; waiting: ((token: string) => void)[]; reset: () => void };
let widget: Widget | null = null;

/** A widget mounted (Turnstile.tsx): tokens come from it from now on. Answers the functions it calls back. */
export function mountWidget(): { onToken: (token: string | null) => void; onReady: (reset: () => void) => void; unmount: () => void } {
  const mine: Widget = { token: null, waiting: [], reset: () => undefined };
  widget = mine;
  return {
    onToken(token) {
      mine.token = token;
      if (token && mine.waiting.length) deliver(mine);
    },
    onReady(reset) {
      mine.reset = reset;
    },
    unmount() {
      if (widget === mine) widget = null;
    },
  };
}

function deliver(w: Widget) {
  const token = w.token!;
  const next = w.waiting.shift()!;
  // A token is good for one check: the widget makes a fresh one for the next request that needs it.
  w.token = null;
  w.reset();
  next(token);
}

/** A token for one Turnstile check: the widget's (waiting until the buyer has passed it), else the dummy one. */
export function turnstileToken(): Promise<string> {
  const w = widget;
  if (!w) return Promise.resolve(DEV_TURNSTILE_TOKEN);
  return new Promise((resolve) => {
    w.waiting.push(resolve);
    if (w.token) deliver(w);
  });
}
