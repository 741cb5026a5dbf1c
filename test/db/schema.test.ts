import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

async function tables(): Promise<string[]> {
  const rows = await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations'").all<{ name: string }>();
  return rows.results.map((r) => r.name);
}

describe('the D1 schema', () => {
  it('gives every tenant-owned table an organization_id that leads an index (or the primary key)', async () => {
    const checked: string[] = [];
    for (const table of await tables()) {
      const columns = (await env.DB.prepare(`pragma table_info("${table}")`).all<{ name: string; pk: number }>()).results;
      const orgColumn = columns.find((c) => c.name === 'organization_id');
      if (!orgColumn) continue;
      checked.push(table);
      if (orgColumn.pk === 1) continue;
      const indexes = (await env.DB.prepare(`pragma index_list("${table}")`).all<{ name: string }>()).results;
      const leading = await Promise.all(
        indexes.map(async (ix) => (await env.DB.prepare(`pragma index_info("${ix.name}")`).all<{ seqno: number; name: string }>()).results.find((c) => c.seqno === 0)?.name),
      );
      expect(leading, `${table} needs an index led by organization_id`).toContain('organization_id');
    }
    expect(checked.sort()).toEqual(expect.arrayContaining(['api_keys', 'audit_logs', 'invitations', 'memberships', 'organization_settings']));
  });

  it('has no table without a tenant key except the global ones', async () => {
    // dead_letters: queue messages that ran out of retries, the platform operators' (a message may not name an organization).
    const global = new Set(['organizations', 'users', 'user_tokens', 'dead_letters']);
    for (const table of await tables()) {
      const columns = (await env.DB.prepare(`pragma table_info("${table}")`).all<{ name: string }>()).results.map((c) => c.name);
      if (!global.has(table)) expect(columns, `${table} is tenant-owned and needs organization_id`).toContain('organization_id');
    }
  });

  it('numbers migrations uniquely', () => {
    const numbers = env.TEST_MIGRATIONS.map((m) => m.name.split('_')[0]);
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
