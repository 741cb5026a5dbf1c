/**
 * RateCounter: the fail-closed fallback for the login and password limits when Upstash cannot answer
 * (docs/rate-limits.md). One object per limited key (`idFromName(key)`), holding one fixed-window counter in its
 * SQLite storage; an alarm clears it when the window ends, so idle keys cost nothing. Deliberately tiny: it only has
 * to hold the line for the length of a Redis outage.
 */
import { DurableObject } from 'cloudflare:workers';

export type CounterVerdict = { allowed: boolean; count: number; limit: number; resetAt: number };

type Row = { count: number; reset_at: number };

export class RateCounter extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec('create table if not exists counter (id integer primary key check (id = 1), count integer not null, reset_at integer not null)');
  }

  private current(now: number): Row | null {
    const row = this.ctx.storage.sql.exec<Row>('select count, reset_at from counter where id = 1').toArray()[0];
    return row && row.reset_at > now ? row : null;
  }

  /** Counts one event; `allowed` is false once the window already holds `limit` events (a refused event is not counted). */
  async hit(limit: number, windowMs: number): Promise<CounterVerdict> {
    const now = Date.now();
    const row = this.current(now);
    const resetAt = row?.reset_at ?? now + windowMs;
    const count = row?.count ?? 0;
    if (count >= limit) return { allowed: false, count, limit, resetAt };
    this.ctx.storage.sql.exec('insert or replace into counter (id, count, reset_at) values (1, ?, ?)', count + 1, resetAt);
    if (!row) await this.ctx.storage.setAlarm(resetAt);
    return { allowed: true, count: count + 1, limit, resetAt };
  }

  /** Reads without counting: `allowed` is false while the window holds `limit` events or more. */
  async peek(limit: number): Promise<CounterVerdict> {
    const now = Date.now();
    const row = this.current(now);
    return { allowed: (row?.count ?? 0) < limit, count: row?.count ?? 0, limit, resetAt: row?.reset_at ?? now };
  }

  async reset(): Promise<void> {
    this.ctx.storage.sql.exec('delete from counter');
  }

  override async alarm(): Promise<void> {
    this.ctx.storage.sql.exec('delete from counter where reset_at <= ?', Date.now());
  }
}
