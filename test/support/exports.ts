/** Test helpers for CSV exports: request one and wait for it through the API, download its file, insert a job directly. */
import { env, SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { createDb } from '../../src/db/client';
import { exportJobs } from '../../src/db/schema/messaging';
import { newId } from '../../src/platform/ids';
import { api, type SignedUp } from './api';
import { replicated } from './replication';

export const MiB = 1024 * 1024;

export type Job = { id: string; status: string; rowsWritten: number; rowsTotal: number | null; sizeBytes: number | null; error: string | null; downloadUrl: string | null; downloadUrlExpiresAt: string | null; expiresAt: string | null; completedAt: string | null };

/** Exports read the Postgres copy: every change of the organization replicated first. */
export async function requestExport(owner: SignedUp, body: Record<string, unknown>, token = owner.token): Promise<Job> {
  await replicated(owner.orgId);
  const res = await api('POST', `/orgs/${owner.orgId}/exports`, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body).toMatchObject({ status: 'queued', rowsWritten: 0, rowsTotal: null, downloadUrl: null });
  return res.body;
}

/** Polls the job through the API until it completes (fails fast if it failed). */
export async function completed(owner: SignedUp, id: string, ms = 20_000): Promise<Job> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await api('GET', `/orgs/${owner.orgId}/exports/${id}`, { token: owner.token });
    expect(res.status).toBe(200);
    if (res.body.status === 'completed') return res.body;
    if (res.body.status === 'failed') throw new Error(`export failed: ${res.body.error}`);
    if (Date.now() > until) throw new Error(`export never completed: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fetches a download link as a browser would (no credentials), through the Worker. */
export async function fetchLink(url: string) {
  const u = new URL(url);
  return SELF.fetch(`https://voelgoed.test${u.pathname}${u.search}`);
}

export async function download(url: string) {
  const res = await fetchLink(url);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(res.status, new TextDecoder().decode(bytes.slice(0, 500))).toBe(200);
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes) };
}

export async function insertJob(orgId: string, kind: 'orders' | 'attendees' | 'check_ins' | 'settlement', eventId: string | null = null) {
  await replicated(orgId);
  const id = newId('exj');
  const now = new Date();
  await createDb(env.DB).insert(exportJobs).values({ id, organizationId: orgId, kind, eventId, status: 'queued', createdAt: now, updatedAt: now });
  return id;
}
