/** The operations screens' logic: what organizers see in the order, device, webhook, export, mailbox and audit screens. */
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../../web/src/api/client';
import { API_KEY_SCOPES as SERVER_SCOPES } from '../../../src/platform/rbac';
import {
  auditQuery,
  buildRefund,
  changeRows,
  deliverySummary,
  describeAttempt,
  downloadLinkUsable,
  exportIsActive,
  exportRequestBody,
  exportProgress,
  formatBytes,
  formatDuration,
  groupScopes,
  keyState,
  linkify,
  listFieldError,
  placedKeys,
  nextDay,
  readOnlyScopes,
  API_KEY_SCOPES,
  scannerLink,
  seatLabel,
  shortId,
  targetPath,
  ticketsRefundMinor,
} from '../../../web/src/admin/screens/ops/logic';

describe('refund requests', () => {
  const zar = (t: string) => parseMoney(t, 'ZAR');

  it('refunds everything left with just the reason', () => {
    expect(buildRefund({ mode: 'whole', ticketIds: ['t1'], amount: '5', reason: '  Event moved  ' }, zar, 10_000)).toEqual({ body: { reason: 'Event moved' } });
  });

  it('refunds chosen tickets, and refuses none chosen', () => {
    expect(buildRefund({ mode: 'tickets', ticketIds: ['t1', 't2'], amount: '', reason: 'x' }, zar, 10_000)).toEqual({ body: { reason: 'x', ticketIds: ['t1', 't2'] } });
    expect(buildRefund({ mode: 'tickets', ticketIds: [], amount: '', reason: 'x' }, zar, 10_000)).toEqual({ errors: { ticketIds: expect.any(String) } });
  });

  it('sends an amount as integer minor units, never a float', () => {
    const r = buildRefund({ mode: 'amount', ticketIds: [], amount: '150.10', reason: 'Goodwill' }, zar, 100_000);
    expect(r).toEqual({ body: { reason: 'Goodwill', amountMinor: 15010 } });
    expect(Number.isInteger((r as { body: { amountMinor: number } }).body.amountMinor)).toBe(true);
    // 0.29 * 100 is 28.999… in floating point: the amount must still be 29 cents.
    expect(buildRefund({ mode: 'amount', ticketIds: [], amount: '0.29', reason: 'x' }, zar, 100)).toEqual({ body: { reason: 'x', amountMinor: 29 } });
  });

  it('refuses an amount that is not money, zero, or more than is left', () => {
    for (const amount of ['abc', '1.234', '']) expect(buildRefund({ mode: 'amount', ticketIds: [], amount, reason: 'x' }, zar, 10_000)).toHaveProperty('errors.amountMinor');
    expect(buildRefund({ mode: 'amount', ticketIds: [], amount: '0', reason: 'x' }, zar, 10_000)).toHaveProperty('errors.amountMinor');
    expect(buildRefund({ mode: 'amount', ticketIds: [], amount: '100.01', reason: 'x' }, zar, 10_000)).toHaveProperty('errors.amountMinor');
    expect(buildRefund({ mode: 'amount', ticketIds: [], amount: '100.00', reason: 'x' }, zar, 10_000)).toEqual({ body: { reason: 'x', amountMinor: 10_000 } });
  });

  it('needs a reason whatever is refunded', () => {
    expect(buildRefund({ mode: 'whole', ticketIds: [], amount: '', reason: '   ' }, zar, 10_000)).toEqual({ errors: { reason: expect.any(String) } });
  });

  it('estimates a tickets refund from their own lines (seat by seat; GA lines interchangeable)', () => {
    const lines = [
      { ticketTypeId: 'seat', seatId: '1:A:1', totalMinor: 36_175 },
      { ticketTypeId: 'seat', seatId: '1:A:2', totalMinor: 30_000 },
      { ticketTypeId: 'ga', seatId: null, totalMinor: 18_750 },
      { ticketTypeId: 'ga', seatId: null, totalMinor: 18_750 },
    ];
    const tickets = [
      { id: 'tB', ticketTypeId: 'seat', seatId: '1:A:2' },
      { id: 'tA', ticketTypeId: 'seat', seatId: '1:A:1' },
      { id: 'g1', ticketTypeId: 'ga', seatId: null },
      { id: 'g2', ticketTypeId: 'ga', seatId: null },
    ];
    expect(ticketsRefundMinor(lines, tickets, ['tB'])).toBe(30_000);
    expect(ticketsRefundMinor(lines, tickets, ['tA', 'g2'])).toBe(36_175 + 18_750);
    expect(ticketsRefundMinor(lines, tickets, [])).toBe(0);
  });
});

describe('ids in tables', () => {
  it('keeps the type prefix and the distinctive end of a long id', () => {
    expect(shortId('ord_01m8p0q4xn71rhr2tj62hjresm')).toBe('ord_…62hjresm');
    expect(shortId('ord_12345')).toBe('ord_12345');
  });
});

describe('seats', () => {
  it('reads section:row:seat ids, and GA as general admission', () => {
    expect(seatLabel('1:A:12')).toBe('Section 1, row A, seat 12');
    expect(seatLabel(null)).toBe('General admission');
    expect(seatLabel('odd-id')).toBe('odd-id');
  });
});

describe('webhook deliveries', () => {
  it('describes each attempt: delivered, failed with the status, or no answer at all', () => {
    expect(describeAttempt({ at: '', status: 204, durationMs: 80, error: null })).toEqual({ outcome: 'HTTP 204 — delivered', ok: true });
    expect(describeAttempt({ at: '', status: 500, durationMs: 80, error: 'Internal Server Error' })).toEqual({ outcome: 'HTTP 500 — failed: Internal Server Error', ok: false });
    expect(describeAttempt({ at: '', status: 302, durationMs: 80, error: null }).outcome).toMatch(/redirect/);
    expect(describeAttempt({ at: '', status: null, durationMs: 15_000, error: 'timeout' })).toEqual({ outcome: 'No response: timeout', ok: false });
  });

  it('summarizes a delivery by its attempts and whether it is still being retried', () => {
    const at = '2026-11-30T10:00:00Z';
    expect(deliverySummary({ status: 'pending', attempts: [], nextAttemptAt: at })).toBe('not tried yet, retrying');
    expect(deliverySummary({ status: 'pending', attempts: [{ at, status: null, durationMs: 1, error: 'x' }], nextAttemptAt: at })).toBe('1 attempt, last: no response, retrying');
    expect(
      deliverySummary({
        status: 'succeeded',
        attempts: [
          { at, status: 500, durationMs: 1, error: null },
          { at, status: 200, durationMs: 1, error: null },
        ],
        nextAttemptAt: null,
      }),
    ).toBe('2 attempts, last: HTTP 200');
  });

  it('shows durations and sizes the way people read them', () => {
    expect(formatDuration(85)).toBe('85 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(15_000)).toBe('15.0 s');
    expect(formatBytes(783)).toBe('783 B');
    expect(formatBytes(12_345)).toBe('12 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(null)).toBe('—');
  });
});

describe('export progress', () => {
  it('polls while queued or running, and stops once finished', () => {
    expect(exportIsActive({ status: 'queued' })).toBe(true);
    expect(exportIsActive({ status: 'running' })).toBe(true);
    expect(exportIsActive({ status: 'completed' })).toBe(false);
    expect(exportIsActive({ status: 'failed' })).toBe(false);
  });

  it('is indeterminate until the rows are counted, then rows written of the total', () => {
    expect(exportProgress({ status: 'queued', rowsWritten: 0, rowsTotal: null })).toEqual({ value: undefined, max: 1, label: 'Waiting to start' });
    expect(exportProgress({ status: 'running', rowsWritten: 0, rowsTotal: null }).value).toBeUndefined();
    expect(exportProgress({ status: 'running', rowsWritten: 2000, rowsTotal: 8000 })).toEqual({ value: 2000, max: 8000, label: '2,000 of 8,000 rows (25%)' });
    expect(exportProgress({ status: 'completed', rowsWritten: 8000, rowsTotal: 8000 })).toEqual({ value: 8000, max: 8000, label: '8,000 rows' });
    expect(exportProgress({ status: 'completed', rowsWritten: 1, rowsTotal: 1 }).label).toBe('1 row');
    expect(exportProgress({ status: 'failed', rowsWritten: 10, rowsTotal: 100 }).label).toBe('Failed');
  });

  it('offers the signed link only while it is valid', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(downloadLinkUsable({ downloadUrl: 'https://x/f', downloadUrlExpiresAt: '2026-11-30T10:10:00Z' }, now)).toBe(true);
    expect(downloadLinkUsable({ downloadUrl: 'https://x/f', downloadUrlExpiresAt: '2026-11-30T10:00:05Z' }, now)).toBe(false);
    expect(downloadLinkUsable({ downloadUrl: null, downloadUrlExpiresAt: null }, now)).toBe(false);
  });
});

describe('dates in the organization timezone', () => {
  it('knows the day after, across months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});

describe('audit log', () => {
  const empty = { action: '', actorId: '', resourceType: '', resourceId: '', fromDate: '', toDate: '' };

  it('sends only the filters set, with whole days in the org timezone and an inclusive "to" day', () => {
    expect(auditQuery(empty, 'Africa/Johannesburg')).toEqual({});
    expect(auditQuery({ ...empty, action: ' order. ', fromDate: '2026-11-01', toDate: '2026-11-30' }, 'Africa/Johannesburg')).toEqual({
      action: 'order.',
      from: '2026-10-31T22:00:00.000Z',
      to: '2026-11-30T22:00:00.000Z',
    });
    expect(auditQuery({ ...empty, actorId: 'usr_1', resourceType: 'order', resourceId: 'ord_1' }, 'UTC')).toEqual({ actorId: 'usr_1', resourceType: 'order', resourceId: 'ord_1' });
  });

  it('shows changes as before/after rows, other details as values', () => {
    expect(changeRows({ status: { from: 'published', to: 'on_sale' }, layoutVersion: 1, role: { to: 'admin' } })).toEqual([
      { field: 'status', kind: 'diff', from: 'published', to: 'on_sale' },
      { field: 'layoutVersion', kind: 'value', value: 1 },
      { field: 'role', kind: 'diff', from: null, to: 'admin' },
    ]);
    expect(changeRows({ address: { from: 'x', city: 'y' } })).toEqual([{ field: 'address', kind: 'value', value: { from: 'x', city: 'y' } }]);
    expect(changeRows(null)).toEqual([]);
  });

  it('links targets that have a page in the console', () => {
    expect(targetPath('order', 'ord_1')).toBe('/orders/ord_1');
    expect(targetPath('webhook_endpoint', 'whe_1')).toBe('/webhooks/whe_1');
    expect(targetPath('session', 'ses_1')).toBeNull();
    expect(targetPath('order', null)).toBeNull();
  });
});

describe('mailbox links', () => {
  it('makes the links of a text body clickable, keeping sentence punctuation outside', () => {
    const parts = linkify('Accept here:\nhttp://localhost:8790/accept-invitation#token=abc_DEF-1.\nThanks');
    expect(parts).toEqual([
      { text: 'Accept here:\n' },
      { href: 'http://localhost:8790/accept-invitation#token=abc_DEF-1', text: 'http://localhost:8790/accept-invitation#token=abc_DEF-1' },
      { text: '.\nThanks' },
    ]);
    expect(linkify('no links')).toEqual([{ text: 'no links' }]);
    expect(linkify('(see https://a.example/x?y=1)').filter((p) => 'href' in p)).toEqual([{ href: 'https://a.example/x?y=1', text: 'https://a.example/x?y=1' }]);
  });
});

describe('devices and API keys', () => {
  it('puts the device token in the scanner link fragment (never sent to a server)', () => {
    expect(scannerLink('https://voelgoed.events', 'vgd_abc-DEF_1')).toBe('https://voelgoed.events/scan/#token=vgd_abc-DEF_1');
  });

  it('knows whether a key still works', () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    expect(keyState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(keyState({ revokedAt: null, expiresAt: '2026-11-30T09:00:00Z' }, now)).toBe('expired');
    expect(keyState({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: null }, now)).toBe('revoked');
  });

  it('offers read-only scopes and groups scopes by area', () => {
    const ro = readOnlyScopes();
    expect(ro).toContain('orders.read');
    expect(ro.every((s) => s.endsWith('.read'))).toBe(true);
    expect(ro).not.toContain('orders.refund');
    expect(groupScopes(['orders.read', 'events.read', 'orders.refund'])).toEqual([
      { group: 'orders', scopes: ['orders.read', 'orders.refund'] },
      { group: 'events', scopes: ['events.read'] },
    ]);
  });

  it('offers every scope the API lets a key hold (but the development mailbox), and no other', () => {
    expect([...API_KEY_SCOPES].sort()).toEqual(SERVER_SCOPES.filter((s) => s !== 'mailbox.read').sort());
    expect(readOnlyScopes()).toContain('analytics.read');
  });
});

describe('field errors of list fields', () => {
  it('shows an error about one item of a list beside the list', () => {
    const errors = { name: 'Required', 'eventIds.0': 'Unknown event', other: 'x' };
    expect(listFieldError(errors, 'eventIds')).toBe('Unknown event');
    expect(listFieldError({ eventIds: 'Choose at least one event' }, 'eventIds')).toBe('Choose at least one event');
    expect(listFieldError(errors, 'gateId')).toBeUndefined();
    expect(listFieldError({ eventIdsExtra: 'x' }, 'eventIds')).toBeUndefined();
    expect(placedKeys(errors, ['name', 'eventIds', 'gateId'])).toEqual(['name', 'eventIds.0']);
  });
});

describe('the export request', () => {
  it('sends the format only for kinds that have a PDF form, and the event only when chosen', () => {
    expect(exportRequestBody({ kind: 'orders', eventId: '', format: 'pdf' })).toEqual({ kind: 'orders' });
    expect(exportRequestBody({ kind: 'settlement', eventId: 'evt_1', format: 'pdf' })).toEqual({ kind: 'settlement', eventId: 'evt_1', format: 'pdf' });
    expect(exportRequestBody({ kind: 'sales_summary', eventId: 'evt_1', format: 'csv' })).toEqual({ kind: 'sales_summary', eventId: 'evt_1' });
  });
});
