/**
 * The minute cron's look for waiting lists to serve reads an index led by status, not every entry of every tenant
 * (the table grows with every sold-out event's line, and most entries end up claimed, lapsed or left).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { eventsWithOpenLines } from '../../../src/domains/waitlist/triggers';

describe('eventsWithOpenLines', () => {
  it('finds the events with an open line on the status index', async () => {
    const { sql, params } = eventsWithOpenLines(createDb(env.DB)).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join('\n');
    expect(plan).toMatch(/waitlist_entries USING (COVERING )?INDEX waitlist_entries_status_idx/);
    expect(plan).not.toMatch(/SCAN waitlist_entries(?! USING)/);
  });
});
