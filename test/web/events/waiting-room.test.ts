import { describe, expect, it } from 'vitest';
import { roomBody, type RoomFormValues } from '../../../web/src/admin/screens/events/waiting-room';

const base: RoomFormValues = {
  enabled: true,
  preQueueOpensAt: '',
  shuffleAtStart: true,
  rateMode: 'auto',
  ratePerMinute: '',
  maxActive: '500',
  sessionMinutes: '10',
  redeemWithinSeconds: '',
  maxSeatsPerBuyer: '6',
  queueShards: '1',
};

describe('the waiting-room settings form', () => {
  it('sends "auto" as a null rate and a fixed rate as a number', () => {
    expect(roomBody(base, 'Africa/Johannesburg')).toEqual({ enabled: true, preQueueOpensAt: null, shuffleAtStart: true, ratePerMinute: null, maxActive: 500, sessionMinutes: 10, redeemWithinSeconds: null, maxSeatsPerBuyer: 6, queueShards: 1 });
    expect(roomBody({ ...base, redeemWithinSeconds: '90' }, 'Africa/Johannesburg').redeemWithinSeconds).toBe(90);
    expect(roomBody({ ...base, rateMode: 'fixed', ratePerMinute: '120' }, 'Africa/Johannesburg').ratePerMinute).toBe(120);
  });

  it('reads the pre-queue opening as the event’s wall clock', () => {
    // 08:00 in Johannesburg (UTC+2) is 06:00 UTC.
    expect(roomBody({ ...base, preQueueOpensAt: '2027-03-14T08:00' }, 'Africa/Johannesburg').preQueueOpensAt).toBe('2027-03-14T06:00:00.000Z');
  });

  it('leaves an emptied number for the API to name (never a silent default)', () => {
    expect(roomBody({ ...base, maxActive: ' ' }, 'UTC').maxActive).toBeNaN();
    expect(JSON.parse(JSON.stringify(roomBody({ ...base, maxActive: '' }, 'UTC'))).maxActive).toBeNull();
  });
});

describe('the waiting-room console figures', () => {
  it('says when the sale sells out at its pace in words', async () => {
    const { etaText } = await import('../../../web/src/admin/screens/events/waiting-room-live');
    expect(etaText(null)).toBe('–');
    expect(etaText(0)).toBe('now (nothing left)');
    expect(etaText(45)).toBe('about 45 s');
    expect(etaText(600)).toBe('about 10 min');
    expect(etaText(3 * 3600)).toBe('about 3.0 h');
  });

  it('says what auto learnt of the shoppers, once it has', async () => {
    const { learntText } = await import('../../../web/src/admin/screens/events/waiting-room-live');
    expect(learntText(null, null)).toBe('– (learnt after 10 sessions)');
    expect(learntText(undefined, undefined)).toBe('– (learnt after 10 sessions)');
    expect(learntText(0.62, null)).toBe('62% of sessions that ended');
    expect(learntText(0.5, 2.1)).toBe('50% of sessions that ended · 2.1 seats each');
  });
});
