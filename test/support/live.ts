/** A test client for an event's live channel: collects messages and waits for one that matches. */
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { LiveMessage } from '../../src/shared/live-protocol';

export type Socket = { ws: WebSocket; messages: LiveMessage[]; next: (pred: (m: LiveMessage) => boolean) => Promise<LiveMessage> };

export async function openLive(eventId: string): Promise<Socket> {
  const res = await SELF.fetch(`https://voelgoed.test/api/v1/events/${eventId}/live`, { headers: { Upgrade: 'websocket' } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: LiveMessage[] = [];
  const waiters: { pred: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  ws.accept();
  ws.addEventListener('message', (e) => {
    const msg = LiveMessage.parse(JSON.parse(String(e.data)));
    messages.push(msg);
    for (const w of [...waiters]) if (w.pred(msg)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(msg));
  });
  const next = (pred: (m: LiveMessage) => boolean) =>
    new Promise<LiveMessage>((resolve, reject) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error('no such live message within 5 s')), 5_000);
    });
  return { ws, messages, next };
}
