/**
 * Per-event Ed25519 signing keys for QR tokens. The private key is stored encrypted with AES-256-GCM
 * under a key derived (HKDF-SHA256) from TICKET_KEY_SECRET and the event id; imported keys are cached
 * per isolate so issuing thousands of tickets derives and decrypts once. Rotation policy: docs/tickets.md.
 */
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events } from '../../db/schema/events';
import { eventKeys } from '../../db/schema/orders';
import { NotFoundError } from '../../platform/errors';
import { base64url, ID_PREFIXES, newId } from '../../platform/ids';
import { memo, sealer } from '../../platform/sealed';
import type { TicketSigningKey, TicketVerifyKey } from './token';

export type TicketKeyEnv = { TICKET_KEY_SECRET: string };
/** What key handling needs: a TenantContext or ServiceContext fits. */
export type TicketKeyContext = { db: Database; env: TicketKeyEnv };

/** The event's current key, ready to sign with `signTicketToken`. */
export type EventSigningKey = TicketSigningKey & { id: string; eventId: string; publicKey: string };
/** For scanner manifests: every version the event ever had, retired ones included (they still verify). */
export type EventPublicKey = TicketVerifyKey & { retiredAt: Date | null };

type EventKeyRow = typeof eventKeys.$inferSelect;
type KeyIds = { organizationId: string; eventId: string; version: number };

const MIN_SECRET_LENGTH = 32;

function secretOf(env: TicketKeyEnv): string {
  const secret = env.TICKET_KEY_SECRET;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`TICKET_KEY_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters (see docs/tickets.md)`);
  }
  return secret;
}

const wrapped = sealer('voelgoed-events/event-signing-key/v1');
const signingKeys = new Map<string, Promise<CryptoKey>>();

/** The row a ciphertext belongs to, bound in as associated data: a ciphertext moved to another row won't decrypt. */
const associatedData = (ids: KeyIds) => `${ids.organizationId}/${ids.eventId}/${ids.version}`;

/** base64url(iv ‖ AES-256-GCM(pkcs8)) under HKDF(secret, salt = event id), with a fresh random IV. */
export async function encryptPrivateKey(secret: string, ids: KeyIds, pkcs8: Uint8Array): Promise<string> {
  return wrapped.seal(secret, ids.eventId, associatedData(ids), pkcs8);
}

/** The pkcs8 bytes back; throws when the secret, event, organization or version don't match. */
export async function decryptPrivateKey(secret: string, ids: KeyIds, stored: string): Promise<Uint8Array> {
  return wrapped.open(secret, ids.eventId, associatedData(ids), stored);
}

async function generateKeyPair(): Promise<{ publicKey: string; pkcs8: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  return { publicKey: base64url(raw), pkcs8 };
}

/** Decrypts and imports a stored key once per isolate (rows never change, so the row id is the cache key). */
async function toSigningKey(env: TicketKeyEnv, row: EventKeyRow): Promise<EventSigningKey> {
  const secret = secretOf(env);
  const privateKey = await memo(signingKeys, `${row.id}\u0000${secret}`, async () => {
    const pkcs8 = await decryptPrivateKey(secret, row, row.encryptedPrivateKey);
    return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']) as Promise<CryptoKey>;
  });
  return { id: row.id, eventId: row.eventId, version: row.version, publicKey: row.publicKey, privateKey };
}

async function currentRow(db: Database, organizationId: string, eventId: string): Promise<EventKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(eventKeys)
    .where(and(eq(eventKeys.organizationId, organizationId), eq(eventKeys.eventId, eventId), isNull(eventKeys.retiredAt)))
    .orderBy(desc(eventKeys.version))
    .limit(1);
  return row;
}

/**
 * A fresh key pair as `version`, inserted only if the event belongs to the organization
 * (INSERT … SELECT from events) and only if that version doesn't exist yet (the unique
 * (event_id, version) index: a racing writer's row wins and this one is dropped).
 */
async function insertKeyStatement(ctx: TicketKeyContext, organizationId: string, eventId: string, version: number, now: Date) {
  const { publicKey, pkcs8 } = await generateKeyPair();
  const encrypted = await encryptPrivateKey(secretOf(ctx.env), { organizationId, eventId, version }, pkcs8);
  // Wrapped: a drizzle query is thenable, so returning it bare from an async function would run it.
  const statement = ctx.db
    .insert(eventKeys)
    .select(
      ctx.db
        .select({
          id: sql`${newId(ID_PREFIXES.eventKey)}`.as('id'),
          organizationId: events.organizationId,
          eventId: events.id,
          version: sql`${version}`.as('version'),
          publicKey: sql`${publicKey}`.as('public_key'),
          encryptedPrivateKey: sql`${encrypted}`.as('encrypted_private_key'),
          createdAt: sql`${now.getTime()}`.as('created_at'),
          retiredAt: sql`null`.as('retired_at'),
        })
        .from(events)
        .where(and(eq(events.organizationId, organizationId), eq(events.id, eventId))),
    )
    .onConflictDoNothing({ target: [eventKeys.eventId, eventKeys.version] });
  return { statement };
}

/** The event's current signing key, creating version 1 on first use. Another organization's event is a 404. */
export async function ensureEventKey(ctx: TicketKeyContext, organizationId: string, eventId: string): Promise<EventSigningKey> {
  let row = await currentRow(ctx.db, organizationId, eventId);
  if (!row) {
    await (await insertKeyStatement(ctx, organizationId, eventId, 1, new Date())).statement;
    row = await currentRow(ctx.db, organizationId, eventId);
  }
  if (!row) throw new NotFoundError('Event');
  return toSigningKey(ctx.env, row);
}

/**
 * Adds version n+1 and retires every older version in one batch; returns the key now current.
 * Retired keys stay listed and keep verifying what they signed: to shut out a compromised key,
 * re-issue the event's tickets afterwards (docs/tickets.md). Two rotations racing create one version.
 */
export async function rotateEventKey(ctx: TicketKeyContext, organizationId: string, eventId: string, now = new Date()): Promise<EventSigningKey> {
  const [latest] = await ctx.db
    .select({ version: sql<number>`max(${eventKeys.version})` })
    .from(eventKeys)
    .where(and(eq(eventKeys.organizationId, organizationId), eq(eventKeys.eventId, eventId)));
  const version = (latest?.version ?? 0) + 1;
  const { statement } = await insertKeyStatement(ctx, organizationId, eventId, version, now);
  await ctx.db.batch([
    statement,
    ctx.db
      .update(eventKeys)
      .set({ retiredAt: now })
      .where(and(eq(eventKeys.organizationId, organizationId), eq(eventKeys.eventId, eventId), lt(eventKeys.version, version), isNull(eventKeys.retiredAt))),
  ]);
  const row = await currentRow(ctx.db, organizationId, eventId);
  if (!row) throw new NotFoundError('Event');
  return toSigningKey(ctx.env, row);
}

/** Every public key of the event, oldest first, for scanner manifests (base64url of the raw 32 bytes). */
export async function eventPublicKeys(db: Database, organizationId: string, eventId: string): Promise<EventPublicKey[]> {
  return db
    .select({ version: eventKeys.version, publicKey: eventKeys.publicKey, retiredAt: eventKeys.retiredAt })
    .from(eventKeys)
    .where(and(eq(eventKeys.organizationId, organizationId), eq(eventKeys.eventId, eventId)))
    .orderBy(eventKeys.version);
}
