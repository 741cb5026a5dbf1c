/** The buyer's human pass and Turnstile tokens (web/src/store/human.ts), without a browser. */
import { describe, expect, it } from 'vitest';
import { humanHeaders, mountWidget, readHumanPass, saveHumanPass, turnstileToken } from '../../../web/src/store/human';
import { DEV_TURNSTILE_TOKEN, type KeyValue } from '../../../web/src/store/queue';

function memory(): KeyValue {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

describe('the human pass', () => {
  it('is kept per event until shortly before it expires, and rides along as Human-Pass', () => {
    const store = memory();
    const now = Date.parse('2027-03-14T08:00:00Z');
    saveHumanPass('evt_a', { humanPass: 'p.a.ss', humanPassExpiresAt: '2027-03-14T08:20:00Z' }, store);
    saveHumanPass('evt_b', {}, store); // a hold answered without a pass: nothing kept
    expect(humanHeaders('evt_a', now, store)).toEqual({ 'Human-Pass': 'p.a.ss' });
    expect(humanHeaders('evt_b', now, store)).toEqual({});
    expect(readHumanPass('evt_a', Date.parse('2027-03-14T08:19:58Z'), store)).toBeNull();
  });
});

describe('Turnstile tokens', () => {
  it('are the dummy token without a widget', async () => {
    expect(await turnstileToken()).toBe(DEV_TURNSTILE_TOKEN);
  });

  it('come from the mounted widget, one per check, the widget reset after each', async () => {
    const slot = mountWidget();
    let resets = 0;
    slot.onReady(() => void (resets += 1));
    const first = turnstileToken();
    const second = turnstileToken();
    slot.onToken('tok-1');
    expect(await first).toBe('tok-1');
    slot.onToken('tok-2');
    expect(await second).toBe('tok-2');
    expect(resets).toBe(2);
    slot.onToken('tok-3');
    expect(await turnstileToken()).toBe('tok-3');
    slot.unmount();
    expect(await turnstileToken()).toBe(DEV_TURNSTILE_TOKEN);
  });
});
