/**
 * Live channel v2 in the browser's client (web/src/ui/live-channel.ts): each delta applied exactly once and in order —
 * duplicates dropped, a gap answered with a resume from the last applied version, a resync handed to the app (which
 * refetches its snapshot and resumes from it), reconnects resuming with ?since=.
 */
import { describe, expect, it } from 'vitest';
import { LiveChannel, parseLiveMessage, withSince, type LiveMessage } from '../../../web/src/ui/live-channel';
import { FakeSocket } from './fake-socket';
import { fakeTimers } from './fake-timers';

const URL = 'wss://tix.example/api/v1/events/evt_1/live';
const publicDelta = (version: number, seat = `A:1:${version}`) => ({ type: 'delta', audience: 'public', version, seats: [{ id: seat, status: 'unavailable' }], ticketTypes: {} });
const organizerSnapshot = (version: number) => ({
  type: 'snapshot',
  eventId: 'evt_1',
  version,
  status: 'on_sale',
  seats: { held: [], sold: [], checked_in: [], blocked: [] },
  counts: { capacity: 1 },
});
const organizerDelta = (version: number) => ({ type: 'delta', version, reason: 'held', seats: [{ id: `A:1:${version}`, status: 'held' }], counts: { capacity: 1 } });

function harness(opts: { since?: number; onResync?: (v: number) => void; url?: string | (() => Promise<string>) } = {}) {
  const { timers, advance } = fakeTimers();
  const sockets: FakeSocket[] = [];
  const applied: number[] = [];
  const channel = new LiveChannel<LiveMessage>({
    url: opts.url ?? URL,
    since: opts.since,
    onResync: opts.onResync,
    onMessage: (m) => m.type !== 'pong' && m.type !== 'queue' && applied.push(m.version),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0.5,
    resumeTimeoutMs: 3_000,
  });
  const last = () => sockets.at(-1)!;
  const sentResumes = (s: FakeSocket) => s.sent.filter((x) => x !== 'ping').map((x) => JSON.parse(x) as { type: string; since: number });
  return { channel, sockets, applied, advance, last, sentResumes };
}

describe('live channel v2: versions', () => {
  it('opens a storefront socket with since= its snapshot’s version and applies each next delta once', () => {
    const h = harness({ since: 41 });
    h.channel.start();
    expect(h.last().url).toBe(`${URL}?since=41`);
    h.last().open();
    for (const v of [42, 43, 43, 42, 44]) h.last().receive(publicDelta(v));
    expect(h.applied).toEqual([42, 43, 44]);
    expect(h.channel.version).toBe(44);
    expect(h.sentResumes(h.last())).toEqual([]);
  });

  it('on a gap asks once to resume from the last applied version, then applies the replay in order', () => {
    const h = harness({ since: 10 });
    h.channel.start();
    const s = h.last();
    s.open();
    s.receive(publicDelta(11));
    s.receive(publicDelta(13));
    s.receive(publicDelta(14));
    expect(h.applied).toEqual([11]);
    expect(h.sentResumes(s)).toEqual([{ type: 'resume', since: 11 }]);
    // The relay replays everything after 11, overlapping what already arrived.
    for (const v of [12, 13, 14, 15]) s.receive(publicDelta(v));
    expect(h.applied).toEqual([11, 12, 13, 14, 15]);
    // The replay answered in time: no reconnect.
    h.advance(10_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects with since= when a resume goes unanswered', () => {
    const h = harness({ since: 5 });
    h.channel.start();
    h.last().open();
    h.last().receive(publicDelta(7));
    expect(h.sentResumes(h.last())).toEqual([{ type: 'resume', since: 5 }]);
    h.advance(3_000);
    expect(h.last().closed || h.sockets[0]!.closed).toBe(true);
    h.advance(2_000);
    expect(h.sockets).toHaveLength(2);
    expect(h.last().url).toBe(`${URL}?since=5`);
  });

  it('on resync waits for the app’s refetched snapshot, then resumes from its version and ignores older deltas', () => {
    const resyncs: number[] = [];
    const h = harness({ since: 3, onResync: (v) => resyncs.push(v) });
    h.channel.start();
    const s = h.last();
    s.open();
    s.receive({ type: 'resync', audience: 'public', version: 90 });
    expect(resyncs).toEqual([90]);
    // Deltas before the refetched snapshot is in cannot be ordered against it.
    s.receive(publicDelta(91));
    expect(h.applied).toEqual([]);
    h.channel.resumeFrom(92); // the HTTP snapshot the app fetched is at 92
    expect(h.sentResumes(s)).toEqual([{ type: 'resume', since: 92 }]);
    s.receive(publicDelta(92));
    s.receive(publicDelta(93));
    expect(h.applied).toEqual([93]);
    expect(h.sockets).toHaveLength(1);
  });

  it('every reconnect resumes with since= the last applied version', () => {
    const h = harness({ since: 1 });
    h.channel.start();
    h.last().open();
    h.last().receive(publicDelta(2));
    h.last().receive(publicDelta(3));
    h.last().drop();
    h.advance(1_000);
    expect(h.last().url).toBe(`${URL}?since=3`);
    h.last().open();
    h.last().receive(publicDelta(4));
    h.last().drop();
    h.advance(1_000);
    expect(h.last().url).toBe(`${URL}?since=4`);
    expect(h.applied).toEqual([2, 3, 4]);
  });

  it('an organizer channel starts from the snapshot, resumes its ticketed URL with since=, and reconnects without since on resync', async () => {
    let n = 0;
    const h = harness({ url: async () => `${URL}?ticket=t${++n}` });
    h.channel.start();
    await Promise.resolve();
    expect(h.last().url).toBe(`${URL}?ticket=t1`);
    h.last().open();
    h.last().receive(organizerSnapshot(20));
    h.last().receive(organizerDelta(21));
    h.last().drop();
    h.advance(1_000);
    await Promise.resolve();
    expect(h.last().url).toBe(`${URL}?ticket=t2&since=21`);
    h.last().open();
    h.last().receive({ type: 'resync', version: 400 });
    await Promise.resolve();
    expect(h.sockets).toHaveLength(3);
    expect(h.last().url).toBe(`${URL}?ticket=t3`);
    h.last().open();
    h.last().receive(organizerSnapshot(400));
    h.last().receive(organizerDelta(401));
    expect(h.applied).toEqual([20, 21, 400, 401]);
  });

  it('parses resync and rewrites since in a URL', () => {
    expect(parseLiveMessage('{"type":"resync","audience":"public","version":7}')).toEqual({ type: 'resync', audience: 'public', version: 7 });
    expect(parseLiveMessage('{"type":"resync"}')).toBeNull();
    expect(withSince(`${URL}?ticket=a&since=3`, 9)).toBe(`${URL}?ticket=a&since=9`);
    expect(withSince(`${URL}?since=3`, null)).toBe(URL);
  });
});
