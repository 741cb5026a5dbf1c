import { describe, expect, it } from 'vitest';
import { OfflineScanner } from '../../../src/shared/offline-scanner';
import { hashWithoutToken, looksLikeDeviceToken, readDeviceToken, tokenFromHash } from '../../../web/src/scan/device-token';
import { countsFromLiveMessage } from '../../../web/src/scan/live-counts';
import { ManifestMirror } from '../../../web/src/scan/mirror';
import { pullManifest } from '../../../web/src/scan/paging';
import { ReadFilter } from '../../../web/src/scan/reads';
import { counterOf, formatSeat, screenFor } from '../../../web/src/scan/screen';
import type { Manifest, Verdict } from '../../../web/src/scan/types';
import { eventKey, page, ticket } from './fixtures';

describe('manifest paging', () => {
  const pages = (n: number) => Array.from({ length: n }, (_, i) => ({ cursor: `${i + 1}.0`, hasMore: i < n - 1 }) as Manifest);

  it('asks from each page’s cursor until hasMore is false, applying pages in order', async () => {
    const all = pages(3);
    const asked: (string | undefined)[] = [];
    const applied: string[] = [];
    const out = await pullManifest(
      async (c) => {
        asked.push(c);
        return all[c ? Number(c.split('.')[0]) : 0]!;
      },
      undefined,
      (p) => void applied.push(p.cursor),
    );
    expect(asked).toEqual([undefined, '1.0', '2.0']);
    expect(applied).toEqual(['1.0', '2.0', '3.0']);
    expect(out).toEqual({ pages: 3, cursor: '3.0' });
  });

  it('resumes from a stored cursor, and stops if the server repeats a cursor', async () => {
    const asked: (string | undefined)[] = [];
    await pullManifest(async (c) => (asked.push(c), { cursor: '9.9', hasMore: false }) as Manifest, '7.1', () => undefined);
    expect(asked).toEqual(['7.1']);
    await expect(pullManifest(async () => ({ cursor: '5.0', hasMore: true }) as Manifest, '5.0', () => undefined)).rejects.toThrow(/cursor/);
  });
});

describe('the manifest mirror', () => {
  it('merges pages and rebuilds an OfflineScanner that decides like one fed every page', async () => {
    const key = await eventKey();
    const [a, b, c] = [await ticket(key.signing), await ticket(key.signing), await ticket(key.signing)];
    const p1 = page(key.publicKey, { tickets: [a.listed, b.listed], cursor: '2.0', hasMore: true });
    const p2 = page(key.publicKey, {
      tickets: [c.listed],
      revocations: [{ ticketId: b.id, reason: 'cancelled' }],
      checkIns: [{ ticketId: a.id, checkedIn: true, inside: true, first: { at: '2026-12-01T15:00:00.000Z', gateId: 'gat_north', gateName: 'North Gate', deviceId: 'dev_x', deviceName: 'X', nonce: 'n' } }],
      cursor: '3.1',
    });
    const mirror = new ManifestMirror();
    mirror.apply(p1);
    mirror.apply(p2);
    // Through storage (JSON) and back.
    const restored = ManifestMirror.from(JSON.parse(JSON.stringify(mirror.snapshot())));
    expect(restored.cursor).toBe('3.1');
    expect(restored.ticketCount).toBe(3);
    expect(restored.checkedInCount).toBe(1);
    expect(restored.checkInOf(a.id)?.first?.gateName).toBe('North Gate');

    const rebuilt = new OfflineScanner({ gateId: null });
    rebuilt.apply(restored.toPage()!);
    const direct = new OfflineScanner({ gateId: null });
    direct.apply(p1);
    direct.apply(p2);
    for (const s of [rebuilt, direct]) {
      expect((await s.scan(a.token)).result).toBe('duplicate');
      expect((await s.scan(b.token)).result).toBe('cancelled');
      expect((await s.scan(c.token)).result).toBe('valid');
    }
  });

  it('a ticket listed again after a cancellation is no longer cancelled; a local note does not steal an earlier holder', async () => {
    const key = await eventKey();
    const a = await ticket(key.signing);
    const m = new ManifestMirror();
    m.apply(page(key.publicKey, { revocations: [{ ticketId: a.id, reason: 'cancelled' }], cursor: '1.0' }));
    m.apply(page(key.publicKey, { tickets: [a.listed], cursor: '2.0' }));
    expect(m.toPage()!.revocations).toEqual([]);
    const holder = { at: '2026-12-01T15:00:00.000Z', gateId: 'gat_north', gateName: 'North Gate', deviceId: 'dev_x', nonce: 'first' };
    m.noteCheckIn(a.id, { checkedIn: true, inside: true, first: holder });
    m.noteCheckIn(a.id, { checkedIn: true, inside: true, first: { ...holder, nonce: 'later' } });
    expect(m.checkInOf(a.id)?.first?.nonce).toBe('first');
    expect(m.gatesFor('tty_01jx0000000000000000000vip')).toEqual(['North Gate']);
  });

  it('is not ready (no offline decisions) before a manifest arrived', () => {
    const m = ManifestMirror.from(undefined);
    expect(m.ready).toBe(false);
    expect(m.toPage()).toBeNull();
  });
});

describe('camera reads', () => {
  it('takes a code once, ignores it while it stays in view, and takes it again after 2 s away', () => {
    const f = new ReadFilter();
    expect(f.accept('VG1.a', 0)).toBe(true);
    expect(f.accept('VG1.a', 500)).toBe(false);
    expect(f.accept('VG1.a', 2_400)).toBe(false); // still in view: each sighting extends the pause
    expect(f.accept('VG1.a', 4_500)).toBe(true);
  });

  it('takes a different code at once, but nothing while a check is on screen', () => {
    const f = new ReadFilter();
    expect(f.accept('VG1.a', 0)).toBe(true);
    expect(f.accept('VG1.b', 100)).toBe(true);
    expect(f.accept('VG1.c', 200, true)).toBe(false);
    expect(f.accept('  ', 300)).toBe(false);
  });

  it('decodes at most one frame per interval', () => {
    const f = new ReadFilter({ frameIntervalMs: 100 });
    expect([0, 40, 99, 100, 150, 205].map((t) => f.frameDue(t))).toEqual([true, false, false, true, false, true]);
  });
});

describe('result screens', () => {
  const base: Verdict = { result: 'valid', mode: 'online', token: 't', at: '2026-12-01T15:00:00.000Z', ticket: { id: 'tkt', typeName: 'Standing', seatId: 'A:3:12', attendeeName: 'Thandi' }, first: null, unlisted: false, allowedGates: [] };

  it('valid is green "Valid" with the attendee, type and seat', () => {
    const s = screenFor(base);
    expect(s).toMatchObject({ tone: 'valid', heading: 'Valid' });
    expect(s.lines).toEqual(['Thandi', 'Standing', 'Section A · Row 3 · Seat 12']);
  });

  it('a duplicate is amber "Already checked in" with when (venue time) and where it was first scanned', () => {
    const s = screenFor(
      { ...base, result: 'duplicate', first: { at: '2026-12-01T15:04:05.000Z', gateId: 'g', gateName: 'North Gate', deviceId: 'dev_x', deviceName: 'Phone 2', nonce: 'n' } },
      { timeZone: 'Africa/Johannesburg', now: Date.parse('2026-12-01T16:00:00.000Z') },
    );
    expect(s).toMatchObject({ tone: 'duplicate', heading: 'Already checked in', reason: 'First scanned 17:04:05 at North Gate by Phone 2' });
  });

  it('every refusal is red "Refused" (the counter\'s word) with its reason; a wrong gate names the right one; offline says so only where the server will confirm', () => {
    for (const result of ['invalid_token', 'wrong_gate', 'cancelled', 'revoked', 'not_yet_valid', 'expired'] as const) {
      const s = screenFor({ ...base, result, ticket: null });
      expect(s.tone).toBe('invalid');
      expect(s.heading).toBe('Refused');
      expect(s.reason).toBeTruthy();
    }
    expect(screenFor({ ...base, result: 'cancelled' }).reason).toMatch(/cancelled/i);
    expect(screenFor({ ...base, result: 'revoked' }).reason).toMatch(/re-issued/);
    expect(screenFor({ ...base, result: 'wrong_gate', allowedGates: ['North Gate'] }).lines[0]).toBe('Enters at: North Gate');
    const offline = screenFor({ ...base, mode: 'offline', unlisted: true }).lines;
    expect(offline).toContain('Sold after the last sync: confirmed on upload.');
    expect(offline.at(-1)).toMatch(/^Checked offline/);
    // A garbage code refused offline says nothing about syncing: there is nothing for the gate to wait for.
    expect(screenFor({ ...base, mode: 'offline', result: 'invalid_token', ticket: null }).lines.join(' ')).not.toMatch(/offline|sync|online/i);
    expect(screenFor({ ...base, mode: 'offline', result: 'duplicate' }).lines.at(-1)).toMatch(/^Checked offline/);
  });

  it('each tone sounds and vibrates differently', () => {
    const tones = (['valid', 'duplicate', 'invalid_token'] as const).map((result) => screenFor({ ...base, result }));
    expect(new Set(tones.map((t) => JSON.stringify(t.vibrate))).size).toBe(3);
    expect(new Set(tones.map((t) => JSON.stringify(t.beeps))).size).toBe(3);
  });

  it('counts valid, duplicate, exit and everything else as refused', () => {
    expect(['valid', 'duplicate', 'exit', 'wrong_gate', 'unverifiable'].map((r) => counterOf(r as Verdict['result']))).toEqual(['valid', 'duplicate', 'exit', 'invalid', 'invalid']);
    expect(formatSeat('GA-12')).toBe('Seat GA-12');
    expect(formatSeat(null)).toBeNull();
  });
});

describe('device token input', () => {
  const token = 'vgd_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd';
  it('reads a token typed, in a sign-in link, or in a fragment; refuses anything else', () => {
    expect(readDeviceToken(`  ${token}\n`)).toBe(token);
    expect(readDeviceToken(`https://tickets.example/scan/#token=${token}`)).toBe(token);
    expect(readDeviceToken(`https://tickets.example/scan/?token=${token}`)).toBe(token);
    expect(readDeviceToken('VG1.abc.def')).toBeNull();
    expect(looksLikeDeviceToken('VG1.abc.def')).toBe(false);
    expect(tokenFromHash(`#token=${token}&x=1`)).toBe(token);
    expect(hashWithoutToken(`#token=${token}&x=1`)).toBe('#x=1');
    expect(hashWithoutToken(`#token=${token}`)).toBe('');
  });
});

describe('live gate counts', () => {
  it('reads the event and gate check-ins from a snapshot or delta; ignores pongs and junk', () => {
    const msg = JSON.stringify({ type: 'delta', counts: { checkedIn: 12, inside: 10, gates: { gat_n: 7, gat_s: 5 } } });
    expect(countsFromLiveMessage(msg, 'gat_n')).toEqual({ checkedIn: 12, inside: 10, atGate: 7 });
    expect(countsFromLiveMessage(msg, 'gat_w')).toEqual({ checkedIn: 12, inside: 10, atGate: 0 });
    expect(countsFromLiveMessage(msg, null)?.atGate).toBeNull();
    expect(countsFromLiveMessage('{"type":"pong"}', 'gat_n')).toBeNull();
    expect(countsFromLiveMessage('not json', 'gat_n')).toBeNull();
    // The live channel hands over messages it has already parsed.
    expect(countsFromLiveMessage(JSON.parse(msg), 'gat_n')).toEqual({ checkedIn: 12, inside: 10, atGate: 7 });
  });
});
