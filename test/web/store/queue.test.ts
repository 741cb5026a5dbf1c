import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../web/src/store/i18n';
import {
  admissionHeaders,
  admissionKey,
  etaMinutes,
  forgetAdmission,
  isAdmissionRequired,
  isAdmitted,
  nextTicket,
  pollDelay,
  progress,
  queueErrorAction,
  readAdmission,
  readTicket,
  saveAdmission,
  saveTicket,
  roomWantsQueue,
  startsInQueue,
  statusFromLive,
  ticketKey,
  toStoredAdmission,
  type KeyValue,
  type QueueStatus,
} from '../../../web/src/store/queue';

function fakeStorage(): KeyValue & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const status = (over: Partial<QueueStatus>): QueueStatus => ({ place: 500, admittedThrough: 100, ahead: 399, etaSeconds: 240, state: 'open', ...over });
const NOW = Date.parse('2027-03-14T08:00:00Z');

describe('queue ticket in the tab', () => {
  it('is kept per event, so a reload keeps the place', () => {
    const s = fakeStorage();
    expect(readTicket('evt_a', s)).toBeNull();
    saveTicket('evt_a', { ticket: 'T1', firstAhead: null }, s);
    expect(readTicket('evt_a', s)).toEqual({ ticket: 'T1', firstAhead: null });
    expect(readTicket('evt_b', s)).toBeNull();
  });

  it('survives garbage in storage and a storage that refuses', () => {
    const s = fakeStorage();
    s.map.set(ticketKey('evt'), '{not json');
    expect(readTicket('evt', s)).toBeNull();
    s.map.set(ticketKey('evt'), JSON.stringify({ ticket: 42 }));
    expect(readTicket('evt', s)).toBeNull();
    const refusing: KeyValue = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); }, removeItem: () => undefined };
    expect(() => saveTicket('evt', { ticket: 'T', firstAhead: 3 }, refusing)).not.toThrow();
    expect(readTicket('evt', refusing)).toBeNull();
    expect(readTicket('evt', null)).toBeNull();
  });

  it('takes the new ticket after the pre-queue draw and remembers the first count ahead for the progress bar', () => {
    const kept = { ticket: 'PRE', firstAhead: null };
    const drawn = nextTicket(kept, status({ ticket: 'PLACED', ahead: 399 }));
    expect(drawn).toEqual({ ticket: 'PLACED', firstAhead: 399 });
    expect(nextTicket(drawn, status({ ahead: 100 }))).toEqual({ ticket: 'PLACED', firstAhead: 399 });
    expect(nextTicket(kept, status({ place: null, ahead: null, etaSeconds: null, state: 'prequeue' }))).toEqual(kept);
  });
});

describe('admission in the tab', () => {
  const given = { admission: 'ADM', expiresAt: '2027-03-14T08:10:00.000Z', maxSeats: 6 };

  it('is sent as the Admission header until it runs out, then dropped', () => {
    const s = fakeStorage();
    expect(admissionHeaders('evt', NOW, s)).toEqual({});
    saveAdmission('evt', toStoredAdmission(given), s);
    expect(admissionHeaders('evt', NOW, s)).toEqual({ Admission: 'ADM' });
    expect(admissionHeaders('other', NOW, s)).toEqual({});
    expect(readAdmission('evt', NOW + 9 * 60_000, s)?.maxSeats).toBe(6);
    // Within the last two seconds it is treated as gone (a request would arrive too late), and forgotten.
    expect(readAdmission('evt', NOW + 10 * 60_000 - 1_000, s)).toBeNull();
    expect(s.map.has(admissionKey('evt'))).toBe(false);
  });

  it('dropping it drops the ticket too: a redeemed ticket only ever answers its ended session', () => {
    const s = fakeStorage();
    saveTicket('evt', { ticket: 'T', firstAhead: 10 }, s);
    saveAdmission('evt', toStoredAdmission(given), s);
    expect(startsInQueue('evt', NOW, s)).toBe(false);
    forgetAdmission('evt', s);
    expect(s.map.size).toBe(0);
    expect(startsInQueue('evt', NOW, s)).toBe(false);
  });

  it('starts in the queue when this tab queues for the event and has no usable admission', () => {
    const s = fakeStorage();
    expect(startsInQueue('evt', NOW, s)).toBe(false);
    saveTicket('evt', { ticket: 'T', firstAhead: null }, s);
    expect(startsInQueue('evt', NOW, s)).toBe(true);
    saveAdmission('evt', toStoredAdmission(given), s);
    expect(startsInQueue('evt', NOW, s)).toBe(false);
    expect(startsInQueue('evt', NOW + 11 * 60_000, s)).toBe(true);
  });

  it('queues at once when the event page says the room is on, unless this tab holds a usable admission', () => {
    const s = fakeStorage();
    expect(roomWantsQueue(false, 'evt', NOW, s)).toBe(false);
    expect(roomWantsQueue(true, 'evt', NOW, s)).toBe(true);
    saveAdmission('evt', toStoredAdmission(given), s);
    expect(roomWantsQueue(true, 'evt', NOW, s)).toBe(false);
    expect(roomWantsQueue(true, 'evt', NOW + 11 * 60_000, s)).toBe(true);
  });

  it('knows the 403 that sends a buyer to the queue', () => {
    expect(isAdmissionRequired({ status: 403, code: 'admission_required' })).toBe(true);
    expect(isAdmissionRequired({ status: 403, code: 'forbidden' })).toBe(false);
    expect(isAdmissionRequired({ status: 409, code: 'admission_seat_limit' })).toBe(false);
    expect(isAdmissionRequired(null)).toBe(false);
    expect(isAdmissionRequired(new Error('x'))).toBe(false);
  });
});

describe('polling', () => {
  it('is admitted once the cursor passes the place while the room sells', () => {
    expect(isAdmitted(status({ place: 100, admittedThrough: 100, ahead: 0, etaSeconds: 0 }))).toBe(true);
    expect(isAdmitted(status({ place: 101, admittedThrough: 100, ahead: 0, etaSeconds: 1 }))).toBe(false);
    expect(isAdmitted(status({ place: null, ahead: null }))).toBe(false);
    expect(isAdmitted(status({ place: 5, admittedThrough: 100, state: 'sold_out' }))).toBe(false);
  });

  it('polls sooner as the turn nears, never faster than once a second', () => {
    expect(pollDelay(status({ etaSeconds: 3_600 }))).toBe(5_000);
    expect(pollDelay(status({ etaSeconds: 240 }))).toBe(3_000);
    expect(pollDelay(status({ etaSeconds: 45 }))).toBe(2_000);
    expect(pollDelay(status({ etaSeconds: 5 }))).toBe(1_000);
    expect(pollDelay(status({ etaSeconds: null }))).toBe(5_000);
    expect(pollDelay(status({ place: 100, admittedThrough: 100, ahead: 0, etaSeconds: 0 }))).toBe(0); // redeem now
    for (const eta of [0, 1, 14, 15, 16, 59, 60, 61, 299, 300, 301, 10_000]) {
      const d = pollDelay(status({ etaSeconds: eta }));
      expect(d).toBeGreaterThanOrEqual(1_000);
      expect(d).toBeLessThanOrEqual(5_000);
    }
  });

  it('waits longer while paused, in the pre-queue, sold out or closed, and backs off after failures', () => {
    expect(pollDelay(status({ state: 'paused' }))).toBe(5_000);
    expect(pollDelay(status({ place: null, ahead: null, etaSeconds: null, state: 'prequeue' }))).toBe(5_000);
    expect(pollDelay(status({ state: 'sold_out' }))).toBe(30_000);
    expect(pollDelay(status({ state: 'closed' }))).toBe(30_000);
    expect([1, 2, 3, 4, 5, 6, 9].map((f) => pollDelay(status({}), f))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('fills the progress bar from the first count ahead', () => {
    expect(progress({ ticket: 'T', firstAhead: 400 }, status({ ahead: 400 }))).toBe(0);
    expect(progress({ ticket: 'T', firstAhead: 400 }, status({ ahead: 100 }))).toBe(0.75);
    expect(progress({ ticket: 'T', firstAhead: 400 }, status({ ahead: 900 }))).toBe(0);
    expect(progress({ ticket: 'T', firstAhead: 400 }, status({ place: 100, admittedThrough: 120, ahead: 0 }))).toBe(1);
    expect(progress({ ticket: 'T', firstAhead: null }, status({ place: null, ahead: null }))).toBeNull();
    expect(progress(null, null)).toBeNull();
  });

  it('shows the wait in minutes, under a minute as 0', () => {
    expect(etaMinutes(null)).toBeNull();
    expect(etaMinutes(59)).toBe(0);
    expect(etaMinutes(90)).toBe(2);
    expect(etaMinutes(600)).toBe(10);
  });
});

describe('queue errors', () => {
  it('maps each answer to what the page does next', () => {
    expect(queueErrorAction({ status: 409, code: 'not_admitted_yet' }, 1, 0)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(queueErrorAction({ status: 409, code: 'queue_not_active' }, 1, 0)).toEqual({ kind: 'no_room' });
    expect(queueErrorAction({ status: 409, code: 'queue_not_open' }, 1, 0)).toEqual({ kind: 'not_open', delayMs: 30_000 });
    expect(queueErrorAction({ status: 401, code: 'invalid_queue_ticket' }, 1, 0)).toEqual({ kind: 'rejoin', delayMs: 1_000 });
    expect(queueErrorAction({ status: 401, code: 'invalid_queue_ticket' }, 3, 2)).toEqual({ kind: 'stop' }); // no endless re-joining
    // Our turn passed unredeemed (the room's redemption window): the place went to the next in line, join again.
    expect(queueErrorAction({ status: 409, code: 'invitation_expired' }, 1, 0)).toEqual({ kind: 'rejoin', delayMs: 1_000 });
    expect(queueErrorAction({ status: 403, code: 'turnstile_failed' }, 1, 0)).toEqual({ kind: 'stop' });
    expect(queueErrorAction({ status: 0, code: 'network' }, 1, 0)).toEqual({ kind: 'retry', delayMs: 2_000 });
    expect(queueErrorAction({ status: 503 }, 3, 0)).toEqual({ kind: 'retry', delayMs: 8_000 });
    expect(queueErrorAction({ status: 429, code: 'rate_limited' }, 9, 0)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });
});

describe('queue texts', () => {
  it('say every state and count in English and Afrikaans', () => {
    const { en, af } = MESSAGES;
    expect(en.queueAhead(0)).toBe('You’re next');
    expect(af.queueAhead(1)).toBe('1 persoon voor jou');
    expect(af.queueAhead(1234)).toMatch(/^1\s?234 mense voor jou$/);
    expect(af.queueEta(0)).toBe('Minder as ’n minuut oor');
    expect(af.queueEta(3)).toBe('Omtrent 3 minute oor');
    for (const state of ['prequeue', 'open', 'paused', 'sold_out', 'closed'] as const) {
      expect(en.queueState[state]).toBeTruthy();
      expect(af.queueStateHelp[state]).not.toBe(en.queueStateHelp[state]);
    }
  });
});

describe('a live queue message', () => {
  const message = (admittedThrough: number, lotteryThrough?: number | null) => ({ type: 'queue' as const, state: 'open' as const, admittedThrough, ratePerMinute: 60, updatedAt: '', ...(lotteryThrough !== undefined ? { lotteryThrough } : {}) });

  it('admits an exact place once the cursor reaches it', () => {
    expect(isAdmitted(statusFromLive({ place: 12 }, message(11)))).toBe(false);
    expect(isAdmitted(statusFromLive({ place: 12 }, message(12)))).toBe(true);
  });

  it('decides an estimated (lottery) place by the lottery numbers, whatever the estimate says', () => {
    // The estimate says 12, but our number is past the cursor's: not yet, even with the cursor at 15.
    const behind = statusFromLive({ place: 12, estimated: true, lottery: 0.5 }, message(15, 0.4));
    expect(isAdmitted(behind)).toBe(false);
    expect(behind.place).toBe(16);
    expect(behind).toMatchObject({ estimated: true, lottery: 0.5 });
    // The estimate says 20, but the cursor's number is past ours: our turn, with the cursor at 15.
    const passed = statusFromLive({ place: 20, estimated: true, lottery: 0.3 }, message(15, 0.4));
    expect(isAdmitted(passed)).toBe(true);
    expect(passed.place).toBe(15);
    // No pre-queue place passed yet.
    expect(isAdmitted(statusFromLive({ place: 1, estimated: true, lottery: 0.01 }, message(0, null)))).toBe(false);
  });

  it('decides a late join spread over join shards by its key (joinedAt, then lottery) against lateThrough', () => {
    const late = (admittedThrough: number, lateThrough: { at: number; lottery: number } | null) => ({ ...message(admittedThrough), lateThrough });
    const me = { place: 30, estimated: true, lottery: 0.5, joinedAt: 1_000 };
    // The cursor passed a key of the same millisecond with a higher lottery number: our turn, whatever the estimate.
    const passed = statusFromLive(me, late(25, { at: 1_000, lottery: 0.6 }));
    expect(isAdmitted(passed)).toBe(true);
    expect(passed).toMatchObject({ place: 25, estimated: true, lottery: 0.5, joinedAt: 1_000 });
    // Same millisecond, lower lottery number; or an earlier millisecond with any number: not yet.
    expect(isAdmitted(statusFromLive(me, late(40, { at: 1_000, lottery: 0.4 })))).toBe(false);
    expect(isAdmitted(statusFromLive(me, late(40, { at: 999, lottery: 0.99 })))).toBe(false);
    expect(statusFromLive(me, late(40, { at: 999, lottery: 0.99 })).place).toBe(41);
    expect(isAdmitted(statusFromLive(me, late(40, null)))).toBe(false);
    // A pre-queue lottery number in the message says nothing about a late ticket.
    expect(isAdmitted(statusFromLive(me, message(40, 0.9)))).toBe(false);
  });
});
