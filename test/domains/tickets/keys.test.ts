/** Per-event signing keys: encrypted at rest, one version 1 under races, rotation, tenant scoping. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { decryptPrivateKey, encryptPrivateKey, ensureEventKey, eventPublicKeys, rotateEventKey } from '../../../src/domains/tickets/keys';
import { signTicketToken, verifyTicketToken } from '../../../src/domains/tickets/token';
import { NotFoundError } from '../../../src/platform/errors';
import { base64url, newId } from '../../../src/platform/ids';
import { bareEvent, count, keyContext } from './fixtures';

type KeyRow = { id: string; organization_id: string; event_id: string; version: number; public_key: string; encrypted_private_key: string; retired_at: number | null };

const rowsOf = async (eventId: string) =>
  (await env.DB.prepare('select * from event_keys where event_id = ? order by version').bind(eventId).all<KeyRow>()).results;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function tokenFor(eventId: string, key: Awaited<ReturnType<typeof ensureEventKey>>) {
  const now = Math.floor(Date.now() / 1000);
  return signTicketToken(key, { ticketId: newId('tkt'), eventId, ticketTypeId: newId('tty'), seatId: null, secretVersion: 1, notBefore: now - 60, notAfter: now + 3600 });
}

describe('event signing keys', () => {
  it('creates version 1 on first use, stores the private key encrypted, and signs what the public key verifies', async () => {
    const { orgId, eventId } = await bareEvent();
    const ctx = keyContext();
    const key = await ensureEventKey(ctx, orgId, eventId);
    expect(key).toMatchObject({ eventId, version: 1 });
    expect(key.id).toMatch(/^evk_/);
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [row] = await rowsOf(eventId);
    expect(row).toMatchObject({ organization_id: orgId, event_id: eventId, version: 1, public_key: key.publicKey, retired_at: null });

    // The stored value is iv ‖ ciphertext ‖ tag of the 48-byte pkcs8: the private key's bytes are not in it.
    const ids = { organizationId: orgId, eventId, version: 1 };
    const pkcs8 = await decryptPrivateKey(env.TICKET_KEY_SECRET, ids, row!.encrypted_private_key);
    expect(pkcs8.length).toBe(48);
    const seed = pkcs8.subarray(16);
    const stored = row!.encrypted_private_key;
    expect(stored.length).toBe(Math.ceil(((12 + 48 + 16) * 4) / 3));
    for (const plain of [base64url(pkcs8), base64url(seed), hex(seed), base64url(seed.subarray(0, 16)), base64url(seed.subarray(16))]) expect(stored).not.toContain(plain);
    const storedBytes = Uint8Array.from(atob(stored.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (stored.length % 4)) % 4)), (c) => c.charCodeAt(0));
    expect(hex(storedBytes)).not.toContain(hex(seed.subarray(0, 8)));

    // The decrypted key is the one that signs: its public half is the stored public key.
    const token = await tokenFor(eventId, key);
    expect((await verifyTicketToken(token, await eventPublicKeys(ctx.db, orgId, eventId), { eventId, now: Date.now() })).ok).toBe(true);
  });

  it('cannot be decrypted with another secret, another event id, organization or version', async () => {
    const { orgId, eventId } = await bareEvent();
    await ensureEventKey(keyContext(), orgId, eventId);
    const [row] = await rowsOf(eventId);
    const ids = { organizationId: orgId, eventId, version: 1 };
    const stored = row!.encrypted_private_key;
    await expect(decryptPrivateKey(env.TICKET_KEY_SECRET, ids, stored)).resolves.toBeInstanceOf(Uint8Array);
    await expect(decryptPrivateKey('another-secret-0123456789abcdef0123456789abcdef', ids, stored)).rejects.toThrow();
    await expect(decryptPrivateKey(env.TICKET_KEY_SECRET, { ...ids, eventId: newId('evt') }, stored)).rejects.toThrow();
    await expect(decryptPrivateKey(env.TICKET_KEY_SECRET, { ...ids, organizationId: newId('org') }, stored)).rejects.toThrow();
    await expect(decryptPrivateKey(env.TICKET_KEY_SECRET, { ...ids, version: 2 }, stored)).rejects.toThrow();
    // a key copied onto another event's row does not decrypt there either
    const other = await bareEvent();
    await expect(decryptPrivateKey(env.TICKET_KEY_SECRET, { organizationId: other.orgId, eventId: other.eventId, version: 1 }, stored)).rejects.toThrow();
    // and the same plaintext encrypts differently every time (fresh IV)
    const plain = new Uint8Array(48);
    expect(await encryptPrivateKey(env.TICKET_KEY_SECRET, ids, plain)).not.toBe(await encryptPrivateKey(env.TICKET_KEY_SECRET, ids, plain));
  });

  it('an isolate with a different TICKET_KEY_SECRET cannot use the stored key', async () => {
    const { orgId, eventId } = await bareEvent();
    await ensureEventKey(keyContext(), orgId, eventId);
    await expect(ensureEventKey(keyContext('a-different-secret-0123456789abcdef0123456789'), orgId, eventId)).rejects.toThrow();
    await expect(ensureEventKey(keyContext(''), orgId, eventId)).rejects.toThrow(/TICKET_KEY_SECRET/);
  });

  it('ensureEventKey twice, and many times at once, yields one version-1 key', async () => {
    const { orgId, eventId } = await bareEvent();
    const ctx = keyContext();
    const first = await ensureEventKey(ctx, orgId, eventId);
    const again = await ensureEventKey(ctx, orgId, eventId);
    expect(again.id).toBe(first.id);
    expect(again.privateKey).toBe(first.privateKey); // decrypted and imported once per isolate

    const racing = await bareEvent();
    const keys = await Promise.all(Array.from({ length: 8 }, () => ensureEventKey(keyContext(), racing.orgId, racing.eventId)));
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
    expect(keys[0]!.version).toBe(1);
    expect(await count('select count(*) as n from event_keys where event_id = ?', racing.eventId)).toBe(1);
  });

  it('rotation adds version 2, retires version 1 (which still verifies), and lists both public keys', async () => {
    const { orgId, eventId } = await bareEvent();
    const ctx = keyContext();
    const v1 = await ensureEventKey(ctx, orgId, eventId);
    const oldToken = await tokenFor(eventId, v1);
    const t0 = Date.now();
    const v2 = await rotateEventKey(ctx, orgId, eventId);
    expect(v2.version).toBe(2);
    expect(v2.publicKey).not.toBe(v1.publicKey);
    expect((await ensureEventKey(ctx, orgId, eventId)).id).toBe(v2.id);

    const listed = await eventPublicKeys(ctx.db, orgId, eventId);
    expect(listed.map((k) => [k.version, k.publicKey])).toEqual([
      [1, v1.publicKey],
      [2, v2.publicKey],
    ]);
    expect(listed[0]!.retiredAt).toBeInstanceOf(Date);
    expect(listed[0]!.retiredAt!.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    expect(listed[1]!.retiredAt).toBeNull();

    const newToken = await tokenFor(eventId, v2);
    for (const token of [oldToken, newToken]) expect((await verifyTicketToken(token, listed, { eventId, now: Date.now() })).ok).toBe(true);
    // a scanner that only has the new key refuses the old token as unknown_key
    expect(await verifyTicketToken(oldToken, [listed[1]!], { eventId, now: Date.now() })).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('racing rotations leave one current key and a gap-free version sequence', async () => {
    const { orgId, eventId } = await bareEvent();
    await ensureEventKey(keyContext(), orgId, eventId);
    await Promise.all(Array.from({ length: 4 }, () => rotateEventKey(keyContext(), orgId, eventId)));
    const rows = await rowsOf(eventId);
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.retired_at === null).map((r) => r.version)).toEqual([rows.length]);
  });

  it('rotating an event without keys creates version 1', async () => {
    const { orgId, eventId } = await bareEvent();
    expect((await rotateEventKey(keyContext(), orgId, eventId)).version).toBe(1);
  });

  it("another organization's event is not found and gets no key; its keys are not listed", async () => {
    const mine = await bareEvent();
    const theirs = await bareEvent();
    const ctx = keyContext();
    await ensureEventKey(ctx, theirs.orgId, theirs.eventId);
    await expect(ensureEventKey(ctx, mine.orgId, theirs.eventId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotateEventKey(ctx, mine.orgId, theirs.eventId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ensureEventKey(ctx, mine.orgId, newId('evt'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await eventPublicKeys(ctx.db, mine.orgId, theirs.eventId)).toEqual([]);
    expect((await rowsOf(theirs.eventId)).map((r) => [r.organization_id, r.version, r.retired_at])).toEqual([[theirs.orgId, 1, null]]);
  });
});
