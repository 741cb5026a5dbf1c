/**
 * Funnel snapshots (src/domains/funnels/compute-snapshots.ts) against the hand-made journey of test/support/funnels.ts:
 * every number below is worked out by hand from that fixture (the arithmetic beside it), not by running the code.
 * Also: a rerun writes the same rows; the job recomputes today, yesterday and days that received late rows.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { computeFunnelSnapshots } from '../../../src/domains/funnels/compute-snapshots';
import { queueFunnelSnapshots, refreshOrganizationSnapshots } from '../../../src/domains/funnels/refresh-snapshots';
import { localDay } from '../../../src/domains/funnels/range';
import { createDb } from '../../../src/db/client';
import { analyticsConsumer } from '../../../src/domains/analytics/consumer';
import { withOrganization } from '../../../src/db/postgres-client';
import { sql } from 'drizzle-orm';
import { signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { DAY1, DAY2, JOURNEY, NEWS, SOCIAL, storeRows, T1, T2 } from '../../support/funnels';
import { rawPostgres } from '../../support/postgres-rows';

const TZ = 'Africa/Johannesburg';
type Cell = [visitors: number, events: number, median: number | null];

async function snapshotRows(orgId: string) {
  return rawPostgres(
    async (c) =>
      (
        await c.query<{ event_id: string; day: string; ticket_type_id: string; channel: string; kind: string; visitors: number; events: number; median: number | null }>(
          `select event_id, day::text as day, ticket_type_id, channel, kind, visitors, events, median_seconds_from_previous as median
             from funnel_snapshots where organization_id = $1 order by event_id, day, ticket_type_id, channel, kind`,
          [orgId],
        )
      ).rows,
  );
}

/** The slice's rows as { kind: [visitors, events, median] }. */
async function slice(orgId: string, day: string, ticketTypeId: string, channel: string): Promise<Record<string, Cell>> {
  const rows = (await snapshotRows(orgId)).filter((r) => r.day === day && r.ticket_type_id === ticketTypeId && r.channel === channel);
  return Object.fromEntries(rows.map((r) => [r.kind, [r.visitors, r.events, r.median]]));
}

async function fixture() {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false });
  await storeRows(owner.orgId, f.eventId, JOURNEY);
  return { owner, eventId: f.eventId };
}

describe('funnel snapshots', () => {
  it('count visitors, events and median gaps per day, ticket type and channel, exactly as worked out by hand', async () => {
    const { owner } = await fixture();
    const counts = await computeFunnelSnapshots(env, owner.orgId, { from: DAY1, to: DAY2 });
    expect(counts.days).toBe(2);
    // Visitor-days: DAY1 vA vB vC vD vE, DAY2 vE vF = 7 (the DNT rows have no visitor and make none).
    expect(counts.journeys).toBe(7);

    // DAY1, all ticket types and channels.
    expect(await slice(owner.orgId, DAY1, '', '')).toEqual({
      page_view: [5, 7, null], //          visitors A B C D E; events A×2 + B + C + D + E + DNT = 7; first step: no gap
      seat_map_opened: [2, 2, 90], //      A +60, C +120 → median (60+120)/2 = 90
      ticket_selected: [4, 4, 60], //      A +60 (from the seat map), B +180 (from the page view), C +60, D none → median of 60, 60, 180 = 60
      hold_made: [3, 3, 60], //            A +30, B +60, C +120 → 60
      hold_expired: [1, 1, 900], //        B, 15 minutes after its hold
      checkout_started: [2, 2, 90], //     A +120, C +60 → 90
      payment_started: [2, 2, 35], //      A +10, C +60 → 35
      payment_failed: [1, 1, 60], //       C, 60 s after its payment started
      order_completed: [1, 2, 60], //      A (+60); events A + DNT = 2
    });
    // DAY1, the box office: vC alone.
    expect(await slice(owner.orgId, DAY1, '', 'box_office')).toEqual({
      page_view: [1, 1, null],
      seat_map_opened: [1, 1, 120],
      ticket_selected: [1, 1, 60],
      hold_made: [1, 1, 120],
      checkout_started: [1, 1, 60],
      payment_started: [1, 1, 60],
      payment_failed: [1, 1, 60],
    });
    // DAY1, the storefront: A B D E (and the DNT rows' events).
    expect(await slice(owner.orgId, DAY1, '', 'storefront')).toEqual({
      page_view: [4, 6, null], //          A B D E; events A×2 + B + D + E + DNT = 6
      seat_map_opened: [1, 1, 60],
      ticket_selected: [3, 3, 120], //     A +60, B +180, D none → (60+180)/2 = 120
      hold_made: [2, 2, 45], //            A +30, B +60 → 45
      hold_expired: [1, 1, 900],
      checkout_started: [1, 1, 120],
      payment_started: [1, 1, 10],
      order_completed: [1, 2, 60],
    });
    // DAY1, ticket type T1: the visitors whose first chosen type was T1 (A C D); events are rows naming T1 (page views,
    // checkouts and orders name none).
    expect(await slice(owner.orgId, DAY1, T1, '')).toEqual({
      page_view: [3, 0, null],
      seat_map_opened: [2, 0, 90], //      A +60, C +120
      ticket_selected: [3, 3, 60], //      A +60, C +60, D none
      hold_made: [2, 2, 75], //            A +30, C +120 → 75
      checkout_started: [2, 0, 90],
      payment_started: [2, 0, 35],
      payment_failed: [1, 0, 60],
      order_completed: [1, 0, 60],
    });
    // DAY1, T2: vB only (vE chose T2 after local midnight: on DAY2).
    expect(await slice(owner.orgId, DAY1, T2, '')).toEqual({
      page_view: [1, 0, null],
      ticket_selected: [1, 1, 180],
      hold_made: [1, 1, 60],
      hold_expired: [1, 1, 900],
    });
    // DAY1, T1 at the box office: vC.
    expect(await slice(owner.orgId, DAY1, T1, 'box_office')).toEqual({
      page_view: [1, 0, null],
      seat_map_opened: [1, 0, 120],
      ticket_selected: [1, 1, 60],
      hold_made: [1, 1, 120],
      checkout_started: [1, 0, 60],
      payment_started: [1, 0, 60],
      payment_failed: [1, 0, 60],
    });
    // DAY2: vE (after local midnight, no page view that day) and vF.
    expect(await slice(owner.orgId, DAY2, '', '')).toEqual({
      page_view: [1, 1, null], //          F
      seat_map_opened: [1, 1, 30], //      F +30
      ticket_selected: [2, 2, 60], //      E none (its page view was DAY1), F +60
      hold_made: [2, 2, 45], //            E +60, F +30
      checkout_started: [2, 2, 90], //     E +120, F +60
      payment_started: [2, 2, 25], //      E +20, F +30
      order_completed: [2, 2, 60], //      E +60, F +60
    });

    const referrers = await rawPostgres(async (c) => (await c.query('select day::text as day, host, visitors, orders from funnel_referrers where organization_id = $1 order by day, host', [owner.orgId])).rows);
    expect(referrers).toEqual([
      { day: DAY1, host: NEWS, visitors: 2, orders: 1 }, //   A (ordered), E (its order was on DAY2)
      { day: DAY1, host: SOCIAL, visitors: 1, orders: 0 }, // B
      { day: DAY2, host: NEWS, visitors: 1, orders: 1 }, //   F (E's DAY2 rows carry no referrer)
    ]);
  });

  it('writes the same rows when run again (delete and insert per day, one transaction)', async () => {
    const { owner } = await fixture();
    await computeFunnelSnapshots(env, owner.orgId, { from: DAY1, to: DAY2, timeZone: TZ });
    const first = await snapshotRows(owner.orgId);
    expect(first.length).toBeGreaterThan(40);
    await computeFunnelSnapshots(env, owner.orgId, { from: DAY1, to: DAY2, timeZone: TZ });
    expect(await snapshotRows(owner.orgId)).toEqual(first);
    // A range that covers only DAY2 leaves DAY1's rows as they were.
    await computeFunnelSnapshots(env, owner.orgId, { from: DAY2, to: DAY2, timeZone: TZ });
    expect(await snapshotRows(owner.orgId)).toEqual(first);
  });

  it('the job recomputes today and yesterday, and an older day only once late rows arrive for it; twice changes nothing', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const now = new Date();
    const today = localDay(now, TZ);
    const threeDaysAgo = new Date(now.getTime() - 3 * 86_400_000);
    await storeRows(owner.orgId, f.eventId, [
      { at: new Date(now.getTime() - 60_000).toISOString(), kind: 'page_view', visitor: 'v_job_visitor_one_000' },
      { at: threeDaysAgo.toISOString(), kind: 'page_view', visitor: 'v_job_visitor_two_000', recordedAt: new Date(now.getTime() - 3 * 86_400_000).toISOString() },
    ]);
    await refreshOrganizationSnapshots(env, owner.orgId, now);
    const days = async () => [...new Set((await snapshotRows(owner.orgId)).map((r) => r.day))].sort();
    // The old row was recorded long before any run, and the first run looks back LATE_DAYS: its day is computed too.
    expect(await days()).toEqual([localDay(threeDaysAgo, TZ), today]);
    const before = await snapshotRows(owner.orgId);
    await refreshOrganizationSnapshots(env, owner.orgId, now);
    expect(await snapshotRows(owner.orgId)).toEqual(before);

    // A late row for that old day (a replayed dead letter): the next run recomputes it.
    await storeRows(owner.orgId, f.eventId, [{ at: new Date(threeDaysAgo.getTime() + 1_000).toISOString(), kind: 'page_view', visitor: 'v_job_visitor_three_00' }]);
    await refreshOrganizationSnapshots(env, owner.orgId, new Date(now.getTime() + 60_000));
    const old = (await snapshotRows(owner.orgId)).find((r) => r.day === localDay(threeDaysAgo, TZ) && r.ticket_type_id === '' && r.channel === '' && r.kind === 'page_view');
    expect(old).toMatchObject({ visitors: 2, events: 2 });
  });

  it('skips a quiet organization: nothing recorded since the last run rewrites nothing, and a new row brings the work back', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const now = new Date();
    const earlier = new Date(now.getTime() - 30 * 60_000).toISOString(); // recorded before the watermark's margin
    await storeRows(owner.orgId, f.eventId, [{ at: earlier, kind: 'page_view', visitor: 'v_quiet_visitor_one_0', recordedAt: earlier }]);
    expect((await refreshOrganizationSnapshots(env, owner.orgId, now)).days).toBeGreaterThan(0);
    const before = await snapshotRows(owner.orgId);
    expect(await refreshOrganizationSnapshots(env, owner.orgId, new Date(now.getTime() + 15 * 60_000))).toEqual({ days: 0, journeys: 0, snapshots: 0 });
    expect(await snapshotRows(owner.orgId)).toEqual(before);
    // Recorded after that second run (the runs' clock is ahead of the database's here).
    const later = new Date(now.getTime() + 20 * 60_000).toISOString();
    await storeRows(owner.orgId, f.eventId, [{ at: new Date().toISOString(), kind: 'page_view', visitor: 'v_quiet_visitor_two_0', recordedAt: later }]);
    expect((await refreshOrganizationSnapshots(env, owner.orgId, new Date(now.getTime() + 30 * 60_000))).days).toBeGreaterThan(0);
    const views = (await snapshotRows(owner.orgId)).filter((r) => r.ticket_type_id === '' && r.channel === '' && r.kind === 'page_view');
    expect(views.reduce((n, r) => n + r.visitors, 0)).toBe(2); // one day, or two either side of local midnight
  });

  it('keeps each organization’s funnel rows to itself under row-level security', async () => {
    const { owner, eventId } = await fixture();
    await computeFunnelSnapshots(env, owner.orgId, { from: DAY1, to: DAY2, timeZone: TZ });
    const other = await signup();
    const count = (orgId: string, table: string) =>
      withOrganization(env, orgId, async (tx) => Number((await tx.execute<{ n: string }>(sql`select count(*) as n from ${sql.raw(table)} where event_id = ${eventId}`)).rows[0]!.n));
    for (const table of ['visitor_journeys', 'funnel_snapshots', 'funnel_referrers']) {
      expect(await count(owner.orgId, table), table).toBeGreaterThan(0);
      expect(await count(other.orgId, table), table).toBe(0);
    }
    // Nor can another organization's transaction write a row in the owner's name.
    const refused = await withOrganization(env, other.orgId, (tx) =>
      tx.execute(sql`insert into funnel_referrers (organization_id, event_id, day, host, visitors, orders) values (${owner.orgId}, ${eventId}, ${DAY1}, 'evil.example', 1, 1)`),
    ).catch((error: Error & { cause?: Error }) => error);
    expect(String((refused as Error & { cause?: Error }).cause?.message)).toMatch(/row-level security/);
  });

  it('the cron queues one message per organization with an event in play; the analytics consumer recomputes from it', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    expect(f.eventId).toBeTruthy();
    const sent: { body: { kind: string; organizationId: string } }[] = [];
    const queue = { send: async () => undefined, sendBatch: async (batch: Iterable<{ body: { kind: string; organizationId: string } }>) => void sent.push(...batch) } as unknown as Queue;
    const n = await queueFunnelSnapshots({ ...env, ANALYTICS_QUEUE: queue } as Cloudflare.Env, createDb(env.DB), new Date());
    expect(n).toBe(sent.length);
    const mine = sent.filter((m) => m.body.organizationId === owner.orgId);
    expect(mine).toEqual([{ body: { kind: 'funnels', organizationId: owner.orgId, at: expect.any(Number) } }]);

    // The analytics consumer takes the message and recomputes the organization's days (today's row here).
    await storeRows(owner.orgId, f.eventId, [{ at: new Date(Date.now() - 60_000).toISOString(), kind: 'page_view', visitor: 'v_consumer_visitor_00' }]);
    const message = analyticsConsumer.schema.parse(mine[0]!.body);
    await analyticsConsumer.handle(message, { env, db: undefined as never, waitUntil: () => undefined, attempt: 1, messageId: 'm1' });
    expect((await snapshotRows(owner.orgId)).find((r) => r.ticket_type_id === '' && r.channel === '' && r.kind === 'page_view')).toMatchObject({ visitors: 1, events: 1 });
    const run = await rawPostgres(async (c) => (await c.query('select ran_at from funnel_snapshot_runs where organization_id = $1', [owner.orgId])).rows);
    expect(run).toHaveLength(1);
  });
});
