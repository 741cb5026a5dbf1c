/**
 * Offline scanning speed: Ed25519 verifications/s of signed ticket tokens, and full offline decisions/s
 * (verify + manifest lookups + local duplicate check, as the scanner app does), beside a baseline that
 * only parses the same tokens. Inside workerd, whose WebCrypto is the one a Worker has.
 */
import { expect, it } from 'vitest';
import { OfflineScanner } from '../src/shared/offline-scanner';
import { base64url, newId } from '../src/platform/ids';
import { readTicketTokenUnverified, signTicketToken, verifyTicketToken } from '../src/domains/tickets/token';

const N = 5_000;

it('measures offline verification', async () => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = base64url(new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer));
  const eventId = newId('evt');
  const typeId = newId('tty');
  const now = Date.now();
  const window = { notBefore: Math.floor(now / 1000) - 3600, notAfter: Math.floor(now / 1000) + 3600 };
  const tickets = Array.from({ length: N }, () => newId('tkt'));
  const tokens = await Promise.all(tickets.map((ticketId) => signTicketToken({ version: 1, privateKey: pair.privateKey }, { ticketId, eventId, ticketTypeId: typeId, seatId: null, secretVersion: 1, ...window })));
  const keys = [{ version: 1, publicKey }];

  const time = async (fn: (token: string) => unknown) => {
    const t0 = performance.now();
    for (const token of tokens) await fn(token);
    return N / ((performance.now() - t0) / 1000);
  };
  const parse = await time((token) => readTicketTokenUnverified(token));
  let ok = 0;
  const verify = await time(async (token) => {
    if ((await verifyTicketToken(token, keys, { eventId, now })).ok) ok++;
  });
  expect(ok).toBe(N);

  const scanner = new OfflineScanner({ gateId: null });
  scanner.apply({
    event: { id: eventId, reentryAllowed: false },
    keys,
    ticketTypes: [{ id: typeId, name: 'GA', gateIds: [] }],
    device: { id: 'dev_bench', gateId: null },
    tickets: tickets.map((id) => ({ id, ticketTypeId: typeId, seatId: null, secretVersion: 1, keyVersion: 1 })),
    revocations: [],
    checkIns: [],
    duplicates: [],
    cursor: '0.0',
    hasMore: false,
  });
  let valid = 0;
  const decide = await time(async (token) => {
    if ((await scanner.scan(token)).result === 'valid') valid++;
  });
  expect(valid).toBe(N);
  console.log(`offline: baseline (parse only) ${parse.toFixed(0)} tokens/s; Ed25519 verify ${verify.toFixed(0)} tokens/s; full offline decision ${decide.toFixed(0)} scans/s (${N} tokens)`);
});
