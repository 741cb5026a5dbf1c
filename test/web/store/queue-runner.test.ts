import { describe, expect, it } from 'vitest';
import { admissionKey, readAdmission, readTicket, saveTicket, type KeyValue, type QueueStatus, type StoredAdmission } from '../../../web/src/store/queue';
import { createQueueRunner, type QueueCalls, type QueueView } from '../../../web/src/store/queue-runner';
import { followQueue } from '../../../web/src/store/queue-live';
import { FakeSocket } from '../ui/fake-socket';
import { fakeTimers } from '../ui/fake-timers';

const NOW = Date.parse('2027-03-14T08:00:00Z');

function fakeStorage(): KeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** A fake clock and timer queue: `advance` runs due timers in order and lets their promises settle. */
function fakeTime() {
  let now = NOW;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    pending: () => [...timers.values()].map((t) => t.at - now),
    async advance(ms: number) {
      const until = now + ms;
      await flush();
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = until;
    },
    flush,
  };
}

const st = (over: Partial<QueueStatus>): QueueStatus => ({ place: 50, admittedThrough: 10, ahead: 39, etaSeconds: 600, state: 'open', ...over });
const problem = (status: number, code: string) => Object.assign(new Error(code), { status, code });

function setup(statuses: (QueueStatus | Error)[], opts: { hidden?: () => boolean; admit?: () => Promise<{ admission: string; expiresAt: string; maxSeats: number }>; join?: () => Promise<{ ticket: string }> } = {}) {
  const time = fakeTime();
  const store = fakeStorage();
  const log: string[] = [];
  const views: QueueView[] = [];
  const admitted: StoredAdmission[] = [];
  let noRoom = 0;
  let joins = 0;
  const calls: QueueCalls = {
    join:
      opts.join ??
      (async () => {
        joins += 1;
        log.push('join');
        return { ticket: `T${joins}` };
      }),
    status: async (ticket) => {
      log.push(`status ${ticket}`);
      const next = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      if (next instanceof Error) throw next;
      return next;
    },
    admit:
      opts.admit ??
      (async (ticket) => {
        log.push(`admit ${ticket}`);
        return { admission: 'ADM', expiresAt: new Date(time.now() + 600_000).toISOString(), maxSeats: 6 };
      }),
  };
  const runner = createQueueRunner({
    eventId: 'evt',
    calls,
    store,
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    isHidden: opts.hidden ?? (() => false),
    onView: (v) => views.push(v),
    onAdmitted: (a) => admitted.push(a),
    onNoRoom: () => void (noRoom += 1),
  });
  return { time, store, log, views, admitted, runner, noRoom: () => noRoom };
}

describe('queue runner', () => {
  it('joins once, polls on the ETA schedule, redeems once when admitted, and keeps the admission', async () => {
    const s = setup([st({ etaSeconds: 600 }), st({ ahead: 5, etaSeconds: 30 }), st({ ahead: 0, etaSeconds: 3, place: 50, admittedThrough: 49 }), st({ place: 50, admittedThrough: 50, ahead: 0, etaSeconds: 0 })]);
    s.runner.start();
    await s.time.flush();
    expect(s.log).toEqual(['join', 'status T1']);
    expect(readTicket('evt', s.store)).toEqual({ ticket: 'T1', firstAhead: 39 });
    expect(s.time.pending()).toEqual([5_000]);
    await s.time.advance(5_000);
    expect(s.time.pending()).toEqual([2_000]); // ETA 30 s: every 2 s
    await s.time.advance(2_000);
    expect(s.time.pending()).toEqual([1_000]); // ETA 3 s: every second
    await s.time.advance(1_000);
    expect(s.log).toEqual(['join', 'status T1', 'status T1', 'status T1', 'status T1', 'admit T1']);
    expect(s.admitted).toHaveLength(1);
    expect(readAdmission('evt', s.time.now(), s.store)?.admission).toBe('ADM');
    expect(s.views.at(-1)?.admitted).toBe(true);
    expect(s.time.pending()).toEqual([]); // done: no more polling
  });

  it('reuses the ticket kept in the tab (a reload keeps the place) and takes the new one after the draw', async () => {
    const s = setup([st({ place: 70, ahead: 59, ticket: 'PLACED' }), st({ place: 70, ahead: 58 })]);
    saveTicket('evt', { ticket: 'PRE', firstAhead: null }, s.store);
    s.runner.start();
    await s.time.advance(5_000);
    expect(s.log).toEqual(['status PRE', 'status PLACED']);
    expect(readTicket('evt', s.store)).toEqual({ ticket: 'PLACED', firstAhead: 59 });
  });

  it('does not poll while the tab is hidden, and polls at once when it shows again', async () => {
    let hidden = false;
    const s = setup([st({})], { hidden: () => hidden });
    s.runner.start();
    await s.time.flush();
    hidden = true;
    await s.time.advance(60_000);
    expect(s.log.filter((l) => l.startsWith('status'))).toHaveLength(1);
    hidden = false;
    s.runner.wake();
    await s.time.flush();
    expect(s.log.filter((l) => l.startsWith('status'))).toHaveLength(2);
  });

  it('shows sold out at once and then only checks every 30 s', async () => {
    const s = setup([st({ state: 'sold_out' })]);
    s.runner.start();
    await s.time.flush();
    expect(s.views.at(-1)?.status?.state).toBe('sold_out');
    expect(s.time.pending()).toEqual([30_000]);
  });

  it('backs off on failures and recovers', async () => {
    const s = setup([problem(0, 'network'), problem(503, 'unavailable'), st({})]);
    s.runner.start();
    await s.time.flush();
    expect(s.views.at(-1)?.trouble).toBe('retrying');
    expect(s.time.pending()).toEqual([2_000]);
    await s.time.advance(2_000);
    expect(s.time.pending()).toEqual([4_000]);
    await s.time.advance(4_000);
    expect(s.views.at(-1)?.trouble).toBeNull();
    expect(s.time.pending()).toEqual([5_000]);
  });

  it('joins again when the ticket is refused, but not endlessly', async () => {
    const s = setup([problem(401, 'invalid_queue_ticket')]);
    s.runner.start();
    await s.time.advance(10_000);
    expect(s.log.filter((l) => l === 'join')).toHaveLength(3); // the first join and two re-joins
    expect(s.views.at(-1)?.trouble).toBe('stopped');
    expect(s.time.pending()).toEqual([]);
  });

  it('stops and says so when the event has no room', async () => {
    const s = setup([st({})], { join: () => Promise.reject(problem(409, 'queue_not_active')) });
    s.runner.start();
    await s.time.flush();
    expect(s.noRoom()).toBe(1);
    expect(s.time.pending()).toEqual([]);
  });

  it('joins again when the redeemed ticket only answers an ended session', async () => {
    let admits = 0;
    const s = setup([st({ place: 1, admittedThrough: 5, ahead: 0, etaSeconds: 0 })], {
      admit: async () => {
        admits += 1;
        return { admission: 'OLD', expiresAt: new Date(NOW - 60_000).toISOString(), maxSeats: 6 };
      },
    });
    s.runner.start();
    await s.time.flush();
    expect(admits).toBe(1);
    expect(s.admitted).toHaveLength(0);
    expect(s.store.map.has(admissionKey('evt'))).toBe(false);
    expect(readTicket('evt', s.store)).toBeNull();
    await s.time.advance(1_000);
    expect(s.log.filter((l) => l === 'join')).toHaveLength(2);
  });

  it('a not-yet answer from admit keeps waiting quietly', async () => {
    let admits = 0;
    const s = setup([st({ place: 1, admittedThrough: 5, ahead: 0, etaSeconds: 0 })], {
      admit: async () => {
        admits += 1;
        throw problem(409, 'not_admitted_yet');
      },
    });
    s.runner.start();
    await s.time.flush();
    expect(s.views.at(-1)?.trouble).toBeNull();
    expect(s.time.pending()).toEqual([2_000]);
    s.runner.stop();
    expect(s.time.pending()).toEqual([]);
    expect(admits).toBe(1);
  });

  it('shows a live "sold out" at once, without a poll, and then only checks every 30 s', async () => {
    const s = setup([st({ etaSeconds: 600 })]);
    s.runner.start();
    await s.time.flush();
    expect(s.time.pending()).toEqual([5_000]);
    s.runner.live(liveQueue({ state: 'sold_out', admittedThrough: 20 }));
    expect(s.views.at(-1)?.status).toMatchObject({ state: 'sold_out', place: 50, admittedThrough: 20 });
    expect(s.log.filter((l) => l.startsWith('status'))).toHaveLength(1);
    expect(s.time.pending()).toEqual([30_000]);
  });

  it('redeems at once when a live message says the cursor reached our place (no poll first)', async () => {
    const s = setup([st({ place: 50, admittedThrough: 10, etaSeconds: 600 })]);
    s.runner.start();
    await s.time.flush();
    s.runner.live(liveQueue({ state: 'open', admittedThrough: 50 }));
    await s.time.flush();
    expect(s.log).toEqual(['join', 'status T1', 'admit T1']);
    expect(s.admitted).toHaveLength(1);
    expect(s.time.pending()).toEqual([]);
  });

  it('follows the live ETA, and polls only every 15 s as a fallback while the channel is open', async () => {
    const s = setup([st({ place: 50, admittedThrough: 10, etaSeconds: 600 })]);
    s.runner.liveOpen(true);
    s.runner.start();
    await s.time.flush();
    expect(s.time.pending()).toEqual([15_000]);
    s.runner.live(liveQueue({ state: 'open', admittedThrough: 40, ratePerMinute: 60 }));
    expect(s.views.at(-1)?.status).toMatchObject({ ahead: 9, etaSeconds: 10 });
    s.runner.live(liveQueue({ state: 'paused', admittedThrough: 40 }));
    expect(s.views.at(-1)?.status?.state).toBe('paused');
    s.runner.liveOpen(false);
    await s.time.advance(15_000);
    expect(s.time.pending()).toEqual([5_000]); // paused, channel gone: polling is the way again
  });

  it('gets the queue messages from the public channel’s queue-only socket', async () => {
    const got: unknown[] = [];
    const open: boolean[] = [];
    const sockets: FakeSocket[] = [];
    const { timers } = fakeTimers();
    const channel = followQueue({
      eventId: 'evt_1',
      loc: { protocol: 'https:', host: 'tix.example' },
      runner: { live: (m) => got.push(m), liveOpen: (o) => open.push(o) },
      channel: { timers, random: () => 0.5, createSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!) },
    });
    channel.start();
    expect(sockets[0]!.url).toBe('wss://tix.example/api/v1/events/evt_1/live?only=queue');
    sockets[0]!.open();
    sockets[0]!.receive(liveQueue({ state: 'sold_out', admittedThrough: 7 }));
    sockets[0]!.receive({ type: 'queue', state: 'open' }); // malformed: ignored
    expect(got).toEqual([liveQueue({ state: 'sold_out', admittedThrough: 7 })]);
    expect(open).toContain(true);
    channel.stop();
    expect(open.at(-1)).toBe(false);
  });
});

function liveQueue(over: Partial<{ state: QueueStatus['state']; admittedThrough: number; ratePerMinute: number }>) {
  return { type: 'queue' as const, audience: 'public' as const, state: 'open' as const, admittedThrough: 0, ratePerMinute: 30, updatedAt: '2027-03-14T08:00:00.000Z', ...over };
}
