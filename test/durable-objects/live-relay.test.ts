/**
 * The live channel between the inventory and its relays (issue 13; docs/inventory.md, "Live channel: relays and
 * versions"): per-channel versions without gaps across coalesced bursts and restarts, replaying the deltas gives the
 * final seat map exactly; a relay that fails or hangs never delays a hold and catches up in order; resume inside the
 * window gets exactly the missing deltas, outside it a resync; relays serve one organization's event only.
 */
import { abortAllDurableObjects, env, runDurableObjectAlarm } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIVE_HEADERS, relayName } from '../../durable-objects/relay/config';
import { LIVE_CHANNELS, type ChannelDelta, type LiveAudience } from '../../src/shared/live-protocol';
import { freshName, smallEvent, stubFor } from '../support/inventory';

const SEATS = smallEvent().seats.map((s) => s.id);
const split = (name: string) => ({ org: name.slice(0, name.indexOf(':')), event: name.slice(name.indexOf(':') + 1) });

async function hydrated(name = freshName('live')) {
  const { org, event } = split(name);
  const stub = stubFor(name);
  expect((await stub.hydrate(smallEvent({ organizationId: org, eventId: event }))).ok).toBe(true);
  return { name, org, event, stub };
}

const relayStub = (org: string, event: string, channel: LiveAudience, index = 0) => env.LIVE_RELAY.get(env.LIVE_RELAY.idFromName(relayName(org, event, channel, index)));

type Opened = { ws: WebSocket; messages: { type: string; version?: number; seats?: { id: string; status: string }[] }[]; until: (pred: () => boolean, ms?: number) => Promise<void> };

/** A socket on a relay, opened the way the Worker forwards an upgrade (test/domains/events covers the Worker's part). */
async function openRelay(org: string, event: string, channel: LiveAudience, opts: { index?: number; since?: number; client?: string } = {}): Promise<Opened> {
  const headers: Record<string, string> = {
    Upgrade: 'websocket',
    [LIVE_HEADERS.org]: org,
    [LIVE_HEADERS.event]: event,
    [LIVE_HEADERS.channel]: channel,
    [LIVE_HEADERS.index]: String(opts.index ?? 0),
    [LIVE_HEADERS.client]: opts.client ?? 'client-a',
  };
  if (opts.since !== undefined) headers[LIVE_HEADERS.since] = String(opts.since);
  const res = await relayStub(org, event, channel, opts.index ?? 0).fetch('https://relay.internal/live', { headers });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: Opened['messages'] = [];
  ws.accept();
  ws.addEventListener('message', (e) => messages.push(JSON.parse(String(e.data))));
  const until = async (pred: () => boolean, ms = 8_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; got ${JSON.stringify(messages.map((m) => [m.type, m.version]))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ws, messages, until };
}

const deltaVersions = (o: Opened) => o.messages.filter((m) => m.type === 'delta').map((m) => m.version!);
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const deltasOf = (answer: { deltas: ChannelDelta[] } | { resync: true; version: number }) => {
  if (!('deltas' in answer)) throw new Error(`resync at ${answer.version}`);
  return answer.deltas;
};

type Op = { kind: 'hold'; seats: number[] } | { kind: 'release' } | { kind: 'sell' } | { kind: 'ga'; quantity: number } | { kind: 'burst'; seats: number[][] } | { kind: 'restart' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('hold' as const), seats: fc.uniqueArray(fc.nat({ max: SEATS.length - 1 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'release' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sell' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ga' as const), quantity: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('burst' as const), seats: fc.array(fc.uniqueArray(fc.nat({ max: SEATS.length - 1 }), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

describe('versions', () => {
  it('follow on without gaps per channel across coalesced bursts and restarts, and replaying them gives the final maps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const { name } = await hydrated();
        let stub = stubFor(name);
        const first = await stub.publicSeatMapJson();
        const startPublic = JSON.parse(first.json) as { seats: [string, number, number, string, number, string][] };
        const startOrg = await stub.seatMap();
        const held: string[] = [];
        let n = 0;
        const hold = async (seats: number[]) => {
          const id = `hld_${++n}`;
          const r = await stub.hold({ holdId: id, ticketTypeId: 'seat', seatIds: seats.map((i) => SEATS[i]!) });
          if (r.ok) held.push(id);
        };
        for (const o of ops) {
          if (o.kind === 'hold') await hold(o.seats);
          else if (o.kind === 'burst') await Promise.all(o.seats.map(hold));
          else if (o.kind === 'release' && held.length) await stub.releaseHold(held.shift()!);
          else if (o.kind === 'sell' && held.length) await stub.confirmHold(held.shift()!, `ord_${++n}`);
          else if (o.kind === 'ga') await stub.hold({ holdId: `hld_${++n}`, ticketTypeId: 'lawn', quantity: o.quantity });
          else if (o.kind === 'restart') {
            // Often within the coalescing window: what was recorded but not yet published must survive.
            await abortAllDurableObjects();
            stub = stubFor(name);
          }
        }
        const endPublic = await stub.publicSeatMapJson();
        const endOrg = await stub.seatMap();

        const pub = deltasOf(await stub.liveDeltasSince('public', first.version)) as { version: number; seats: { id: string; status: string }[] }[];
        expect(pub.map((d) => d.version)).toEqual(range(first.version + 1, endPublic.version));
        const statuses = new Map(startPublic.seats.map((s) => [s[0], s[5]]));
        for (const d of pub) {
          expect(d.seats.length + Object.keys((d as unknown as { ticketTypes: object }).ticketTypes).length).toBeGreaterThan(0);
          for (const s of d.seats) {
            expect(statuses.get(s.id), `seat ${s.id} reported without a public change`).not.toBe(s.status);
            statuses.set(s.id, s.status);
          }
        }
        expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries((JSON.parse(endPublic.json) as typeof startPublic).seats.map((s) => [s[0], s[5]])));

        const org = deltasOf(await stub.liveDeltasSince('organizer', startOrg.liveVersion)) as { version: number; reason: string; reasons?: string[]; seats: { id: string; status: string }[] }[];
        expect(org.map((d) => d.version)).toEqual(range(startOrg.liveVersion + 1, endOrg.liveVersion));
        // Every organizer delta names its window's distinct reasons; `reason` is the one of them or `mixed`.
        for (const d of org) {
          expect(d.reasons!.length).toBeGreaterThan(0);
          expect(new Set(d.reasons).size).toBe(d.reasons!.length);
          expect(d.reason).toBe(d.reasons!.length === 1 ? d.reasons![0] : 'mixed');
        }
        const orgStatuses = new Map(startOrg.seats.map((s) => [s[0], s[5]]));
        for (const d of org) for (const s of d.seats) orgStatuses.set(s.id, s.status);
        expect(Object.fromEntries(orgStatuses)).toEqual(Object.fromEntries(endOrg.seats.map((s) => [s[0], s[5]])));
      }),
      { numRuns: 8 },
    );
  });

  it('send buyers nothing for the sale of a held seat, and the organizer everything', async () => {
    const { stub } = await hydrated();
    const held = await stub.hold({ holdId: 'hld_sale', ticketTypeId: 'seat', seatIds: [SEATS[0]!] });
    expect(held.ok).toBe(true);
    const afterHold = await stub.publicSeatMapJson();
    const orgAfterHold = (await stub.seatMap()).liveVersion;
    expect((await stub.confirmHold('hld_sale', 'ord_sale')).ok).toBe(true);
    const afterSale = await stub.publicSeatMapJson();
    expect(afterSale.version).toBe(afterHold.version);
    // The same version, the same body: built once.
    expect(afterSale.json).toBe(afterHold.json);
    expect(deltasOf(await stub.liveDeltasSince('public', afterHold.version))).toEqual([]);
    const org = deltasOf(await stub.liveDeltasSince('organizer', orgAfterHold));
    expect(org).toEqual([expect.objectContaining({ version: orgAfterHold + 1, reason: 'sold', reasons: ['sold'], seats: [{ id: SEATS[0], status: 'sold' }] })]);
  });

  it('cost no version on any channel for a configuration re-sent unchanged, and one organizer delta with the status for a new status', async () => {
    const { org, event, stub } = await hydrated();
    const config = smallEvent({ organizationId: org, eventId: event });
    const latest = async () => {
      const out: Record<string, number> = {};
      for (const channel of LIVE_CHANNELS) out[channel] = deltasOf(await stub.liveDeltasSince(channel, 0)).at(-1)?.version ?? 0;
      return out;
    };
    const before = await latest();
    expect((await stub.configure(config)).ok).toBe(true);
    expect((await stub.configure(config)).ok).toBe(true);
    expect(await latest()).toEqual(before);

    expect((await stub.configure({ ...config, status: 'sales_closed' })).ok).toBe(true);
    const organizer = deltasOf(await stub.liveDeltasSince('organizer', before.organizer!));
    expect(organizer).toEqual([expect.objectContaining({ version: before.organizer! + 1, reason: 'status', reasons: ['status'], status: 'sales_closed', seats: [] })]);
    const after = await latest();
    expect(after.organizer).toBe(before.organizer! + 1);
    expect(after.gate).toBe(before.gate);
  });
});

describe('relays', () => {
  it('deliver every change once and in order when pushes fail, arrive twice or out of order', async () => {
    const { org, event, stub } = await hydrated();
    const { version: v0 } = await stub.publicSeatMapJson();
    const socket = await openRelay(org, event, 'public', { since: v0 });
    const relay = relayStub(org, event, 'public');
    await relay.faultForTests('throw');
    for (let i = 0; i < 3; i++) {
      expect((await stub.hold({ holdId: `hld_f${i}`, ticketTypeId: 'seat', seatIds: [SEATS[i]!] })).ok).toBe(true);
      await stub.publicSeatMapJson();
    }
    await new Promise((r) => setTimeout(r, 60));
    expect(deltaVersions(socket)).toEqual([]);
    await relay.faultForTests(null);
    // Retried from the relay's acknowledged version.
    await socket.until(() => deltaVersions(socket).length >= 3);
    // The same deltas again, shuffled and doubled: nothing new reaches the socket.
    const all = deltasOf(await stub.liveDeltasSince('public', v0));
    expect((await relay.publish([all[2]!, all[0]!, all[2]!, all[1]!])).version).toBe(v0 + 3);
    // A push from beyond a gap (v0+5 before v0+4): held back until the relay fetched v0+4 itself.
    for (let i = 3; i < 5; i++) {
      await stub.hold({ holdId: `hld_f${i}`, ticketTypeId: 'seat', seatIds: [SEATS[i]!] });
      await stub.publicSeatMapJson();
    }
    const later = deltasOf(await stub.liveDeltasSince('public', v0 + 3));
    await relay.publish([later[1]!]);
    await socket.until(() => deltaVersions(socket).length >= 5);
    await new Promise((r) => setTimeout(r, 50));
    expect(deltaVersions(socket)).toEqual(range(v0 + 1, v0 + 5));
    socket.ws.close();
  });

  it('never delay a hold, even when a relay never answers a push', async () => {
    const { org, event, stub } = await hydrated();
    const { version: v0 } = await stub.publicSeatMapJson();
    const socket = await openRelay(org, event, 'public', { since: v0 });
    const organizer = await openRelay(org, event, 'organizer');
    await relayStub(org, event, 'public').faultForTests('hang');
    await relayStub(org, event, 'organizer').faultForTests('throw');
    const times: number[] = [];
    const timed = async (fn: () => Promise<{ ok: boolean }>) => {
      const t = performance.now();
      const out = await fn();
      times.push(performance.now() - t);
      return out;
    };
    for (let i = 0; i < 8; i++) {
      expect((await timed(async () => stub.hold({ holdId: `hld_h${i}`, ticketTypeId: 'seat', seatIds: [SEATS[i]!] }))).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 15));
    }
    for (let i = 0; i < 8; i += 2) expect((await timed(async () => stub.releaseHold(`hld_h${i}`))).ok).toBe(true);
    expect(await stub.liveRelaysForTests()).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'public', inFlight: true })]));
    // Locally a hold answers in a few ms; a hung push (timing out after seconds) is nowhere near its path.
    expect(Math.max(...times)).toBeLessThan(500);
    await relayStub(org, event, 'public').faultForTests(null);
    await relayStub(org, event, 'organizer').faultForTests(null);
    const end = await stub.publicSeatMapJson();
    // The hung push times out and is retried: the socket still gets everything, once, in order.
    await socket.until(() => deltaVersions(socket).at(-1) === end.version, 15_000);
    expect(deltaVersions(socket)).toEqual(range(v0 + 1, end.version));
    const snap = organizer.messages[0]!;
    expect(snap.type).toBe('snapshot');
    const orgEnd = (await stub.seatMap()).liveVersion;
    await organizer.until(() => deltaVersions(organizer).at(-1) === orgEnd);
    expect(deltaVersions(organizer)).toEqual(range(snap.version! + 1, orgEnd));
    socket.ws.close();
    organizer.ws.close();
  });

  it('answer a resume inside the window with exactly the missing deltas, and outside it (or ahead) with resync', async () => {
    const { org, event, stub } = await hydrated();
    const { version: v0 } = await stub.publicSeatMapJson();
    const follow = await openRelay(org, event, 'public', { since: v0 });
    // More public versions than the test window (LIVE_DELTA_WINDOW = 16) keeps.
    for (let i = 0; i < 20; i++) {
      const id = `hld_w${i}`;
      await stub.hold({ holdId: id, ticketTypeId: 'seat', seatIds: [SEATS[0]!] });
      await stub.publicSeatMapJson();
      await stub.releaseHold(id);
      await stub.publicSeatMapJson();
    }
    const end = (await stub.publicSeatMapJson()).version;
    expect(end).toBe(v0 + 40);
    await follow.until(() => deltaVersions(follow).at(-1) === end);
    expect(deltaVersions(follow)).toEqual(range(v0 + 1, end));

    const inside = await openRelay(org, event, 'public', { since: end - 5, client: 'client-b' });
    await inside.until(() => deltaVersions(inside).length >= 5);
    expect(deltaVersions(inside)).toEqual(range(end - 4, end));

    const outside = await openRelay(org, event, 'public', { since: v0 + 2, client: 'client-c' });
    await outside.until(() => outside.messages.length > 0);
    expect(outside.messages).toEqual([{ type: 'resync', audience: 'public', version: end }]);
    // The client refetches and resumes on the same socket.
    outside.ws.send(JSON.stringify({ type: 'resume', since: end - 2 }));
    await outside.until(() => deltaVersions(outside).length >= 2);
    expect(deltaVersions(outside)).toEqual([end - 1, end]);

    const ahead = await openRelay(org, event, 'public', { since: end + 7, client: 'client-d' });
    await ahead.until(() => ahead.messages.length > 0);
    expect(ahead.messages).toEqual([{ type: 'resync', audience: 'public', version: end }]);
    ahead.ws.send('ping');
    await ahead.until(() => ahead.messages.length > 1);
    expect(ahead.messages[1]).toEqual({ type: 'pong' });
    for (const s of [follow, inside, outside, ahead]) s.ws.close();
  });

  it('serve one organization’s event only: another organization’s event with the same id never reaches them', async () => {
    const eventId = `evt_same_${Date.now().toString(36)}`;
    const a = await hydrated(`org_a${Date.now().toString(36)}:${eventId}`);
    const b = await hydrated(`org_b${Date.now().toString(36)}:${eventId}`);
    const va = (await a.stub.publicSeatMapJson()).version;
    const vb = (await b.stub.publicSeatMapJson()).version;
    const onA = await openRelay(a.org, eventId, 'public', { since: va });
    const onB = await openRelay(b.org, eventId, 'public', { since: vb });
    expect((await b.stub.hold({ holdId: 'hld_b', ticketTypeId: 'seat', seatIds: [SEATS[5]!] })).ok).toBe(true);
    await onB.until(() => deltaVersions(onB).length === 1);
    expect(onB.messages[0]!.seats).toEqual([{ id: SEATS[5], status: 'unavailable' }]);
    expect((await a.stub.hold({ holdId: 'hld_a', ticketTypeId: 'seat', seatIds: [SEATS[1]!] })).ok).toBe(true);
    await onA.until(() => deltaVersions(onA).length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(onA.messages.flatMap((m) => m.seats ?? [])).toEqual([{ id: SEATS[1], status: 'unavailable' }]);
    expect(onB.messages.flatMap((m) => m.seats ?? [])).toEqual([{ id: SEATS[5], status: 'unavailable' }]);
    // A relay answers only for the organization, event and channel it was first opened for.
    const relay = relayStub(a.org, eventId, 'public');
    const claimsB = await relay.fetch('https://relay.internal/live', {
      headers: { Upgrade: 'websocket', [LIVE_HEADERS.org]: b.org, [LIVE_HEADERS.event]: eventId, [LIVE_HEADERS.channel]: 'public', [LIVE_HEADERS.index]: '0', [LIVE_HEADERS.client]: 'x' },
    });
    expect(claimsB.status).toBe(400);
    onA.ws.close();
    onB.ws.close();
  });

  it('subscribe with their first socket and unsubscribe a while after their last one closes', async () => {
    const { org, event, stub } = await hydrated();
    expect(await stub.liveRelaysForTests()).toEqual([]);
    const gate = await openRelay(org, event, 'gate');
    await gate.until(() => gate.messages.length > 0);
    expect(gate.messages[0]).toMatchObject({ type: 'snapshot', audience: 'gate', version: 0, counts: { checkedIn: 0 } });
    expect((await stub.liveRelaysForTests()).map((r) => `${r.channel}:${r.index}`)).toEqual(['gate:0']);
    const relay = relayStub(org, event, 'gate');
    // With a socket open the alarm is only the periodic check: still subscribed.
    expect(await runDurableObjectAlarm(relay)).toBe(true);
    expect((await stub.liveRelaysForTests()).map((r) => r.channel)).toEqual(['gate']);
    gate.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await runDurableObjectAlarm(relay)).toBe(true);
    expect(await stub.liveRelaysForTests()).toEqual([]);
  });

  it('give a socket every public change once and in order through bursts, failing pushes and drops (fast-check)', async () => {
    type Step = { kind: 'hold'; seats: number[] } | { kind: 'release' } | { kind: 'burst'; seats: number[][] } | { kind: 'fault'; on: boolean };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('hold' as const), seats: fc.uniqueArray(fc.nat({ max: SEATS.length - 1 }), { minLength: 1, maxLength: 2 }) }) },
      { weight: 2, arbitrary: fc.constant({ kind: 'release' as const }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('burst' as const), seats: fc.array(fc.uniqueArray(fc.nat({ max: SEATS.length - 1 }), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 4 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const), on: fc.boolean() }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const { org, event, stub } = await hydrated();
        const start = await stub.publicSeatMapJson();
        const socket = await openRelay(org, event, 'public', { since: start.version });
        const relay = relayStub(org, event, 'public');
        const held: string[] = [];
        let n = 0;
        const hold = async (seats: number[]) => {
          const id = `hld_p${++n}`;
          if ((await stub.hold({ holdId: id, ticketTypeId: 'seat', seatIds: seats.map((i) => SEATS[i]!) })).ok) held.push(id);
        };
        for (const s of steps) {
          if (s.kind === 'hold') await hold(s.seats);
          else if (s.kind === 'burst') await Promise.all(s.seats.map(hold));
          else if (s.kind === 'release' && held.length) await stub.releaseHold(held.shift()!);
          else if (s.kind === 'fault') await relay.faultForTests(s.on ? 'throw' : null);
          await new Promise((r) => setTimeout(r, 5));
        }
        await relay.faultForTests(null);
        const end = await stub.publicSeatMapJson();
        // A relay dropped after failing pushes catches up on its periodic check.
        await runDurableObjectAlarm(relay);
        await socket.until(() => (deltaVersions(socket).at(-1) ?? start.version) === end.version);
        expect(deltaVersions(socket)).toEqual(range(start.version + 1, end.version));
        const statuses = new Map((JSON.parse(start.json) as { seats: string[][] }).seats.map((s) => [s[0], s[5]]));
        for (const m of socket.messages) for (const seat of m.seats ?? []) statuses.set(seat.id, seat.status);
        expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries((JSON.parse(end.json) as { seats: string[][] }).seats.map((s) => [s[0], s[5]])));
        socket.ws.close();
      }),
      { numRuns: 6 },
    );
  });
});
