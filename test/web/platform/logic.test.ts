/** The Platform area's logic: who operates, fee policies as typed vs. as stored, dead letters, finding a record in pages. */
import { describe, expect, it } from 'vitest';
import {
  bpsToPercent,
  buildFeePolicy,
  canAct,
  deadLetterSummary,
  describeFee,
  draftFromPolicy,
  EMPTY_FEE_DRAFT,
  exampleFee,
  findInPages,
  isOperator,
  minorToText,
  operatorRole,
  percentToBps,
  queueLabel,
  replayFailure,
  validCurrency,
} from '../../../web/src/admin/screens/platform/logic';

describe('platform operators', () => {
  it('lets platform admins and staff in, and only admins act', () => {
    const admin = { isPlatformAdmin: true, isPlatformStaff: false };
    const staff = { isPlatformAdmin: false, isPlatformStaff: true };
    const organizer = { isPlatformAdmin: false, isPlatformStaff: false };
    expect([admin, staff, organizer, null].map(isOperator)).toEqual([true, true, false, false]);
    expect([admin, staff, organizer, null].map(canAct)).toEqual([true, false, false, false]);
    expect(operatorRole(admin)).toBe('Platform admin');
    expect(operatorRole(staff)).toBe('Platform staff');
  });
});

describe('fee percentages', () => {
  it('reads what people type as basis points, without float drift', () => {
    expect(percentToBps('2.5')).toBe(250);
    expect(percentToBps('2,5')).toBe(250);
    expect(percentToBps('0.05')).toBe(5);
    expect(percentToBps('4.35')).toBe(435); // 4.35 * 100 is 434.99999… as a float
    expect(percentToBps('100')).toBe(10_000);
    expect(percentToBps(' 3 % ')).toBe(300);
    expect(percentToBps('0')).toBe(0);
  });
  it('refuses what the API would refuse', () => {
    for (const bad of ['', 'abc', '2.555', '100.01', '101', '-1', '1e2']) expect(percentToBps(bad)).toBeNull();
  });
  it('shows stored basis points as a person would type them', () => {
    expect([250, 300, 5, 0, 10_000, 435].map(bpsToPercent)).toEqual(['2.5', '3', '0.05', '0', '100', '4.35']);
    for (const bps of [0, 1, 99, 250, 1234, 10_000]) expect(percentToBps(bpsToPercent(bps))).toBe(bps);
  });
});

describe('fee policy form', () => {
  it('builds the PUT body in basis points and minor units', () => {
    const out = buildFeePolicy({ ...EMPTY_FEE_DRAFT, currency: 'zar', percent: '2.5', fixed: '3.00', cap: '50', payer: 'buyer' });
    expect(out.body).toEqual({ organizationId: null, currency: 'ZAR', percentBps: 250, fixedMinor: 300, capMinor: 5000, payer: 'buyer' });
  });
  it('sets an organization’s own policy, with no cap when the cap is empty', () => {
    const out = buildFeePolicy({ scope: 'organization', organizationId: ' org_123 ', currency: 'USD', percent: '1', fixed: '', cap: '', payer: 'organizer' });
    expect(out.body).toEqual({ organizationId: 'org_123', currency: 'USD', percentBps: 100, fixedMinor: 0, capMinor: null, payer: 'organizer' });
  });
  it('respects currencies without decimals', () => {
    expect(buildFeePolicy({ ...EMPTY_FEE_DRAFT, currency: 'JPY', percent: '3', fixed: '100', cap: '' }).body?.fixedMinor).toBe(100);
    expect(buildFeePolicy({ ...EMPTY_FEE_DRAFT, currency: 'JPY', percent: '3', fixed: '1.50', cap: '' }).errors?.fixedMinor).toMatch(/JPY/);
  });
  it('names each wrong field by the API’s field name, so the error shows beside it', () => {
    const out = buildFeePolicy({ scope: 'organization', organizationId: '', currency: 'XX', percent: '120', fixed: 'three', cap: '-1', payer: 'buyer' });
    expect(Object.keys(out.errors ?? {}).sort()).toEqual(['capMinor', 'currency', 'fixedMinor', 'organizationId', 'percentBps']);
    expect(buildFeePolicy({ ...EMPTY_FEE_DRAFT, percent: '2', fixed: '20000' }).errors?.fixedMinor).toMatch(/At most/);
  });
  it('opens a stored policy as the form shows it, and saves it back unchanged', () => {
    const stored = { organizationId: 'org_9', currency: 'ZAR', percentBps: 275, fixedMinor: 250, capMinor: null, payer: 'organizer' as const };
    const draft = draftFromPolicy(stored);
    expect(draft).toMatchObject({ scope: 'organization', percent: '2.75', fixed: '2.50', cap: '' });
    expect(buildFeePolicy(draft).body).toEqual(stored);
    expect(draftFromPolicy({ ...stored, organizationId: null }).scope).toBe('platform');
  });
  it('knows currency codes', () => {
    expect(validCurrency('ZAR')).toBe(true);
    expect(validCurrency('zar')).toBe(false);
    expect(validCurrency('ABCD')).toBe(false);
    expect(minorToText(5, 'ZAR')).toBe('0.05');
    expect(minorToText(123456, 'ZAR')).toBe('1234.56');
    expect(minorToText(500, 'JPY')).toBe('500');
  });
});

describe('describing fees', () => {
  it('says a policy in one line', () => {
    expect(describeFee({ currency: 'ZAR', percentBps: 250, fixedMinor: 300, capMinor: 5000 }, 'en-ZA')).toMatch(/^2\.5% \+ R\s?3,00 per ticket, at most R\s?50,00$/);
    expect(describeFee({ currency: 'USD', percentBps: 100, fixedMinor: 0, capMinor: null }, 'en-US')).toBe('1% per ticket');
  });
  it('computes the example fee as quotes do: half up, plus fixed, capped, none on free tickets', () => {
    const p = { percentBps: 250, fixedMinor: 300, capMinor: 5000 };
    expect(exampleFee(p, 10_000)).toBe(550);
    expect(exampleFee(p, 1_000_000)).toBe(5000);
    expect(exampleFee({ percentBps: 250, fixedMinor: 0, capMinor: null }, 10)).toBe(0); // 0.25 rounds down
    expect(exampleFee({ percentBps: 250, fixedMinor: 0, capMinor: null }, 20)).toBe(1); // 0.5 rounds up
    expect(exampleFee(p, 0)).toBe(0);
  });
});

describe('dead letters', () => {
  it('says what a message was about', () => {
    expect(deadLetterSummary({ kind: 'delivery', id: 'whd_1' })).toBe('delivery whd_1');
    expect(deadLetterSummary({ kind: 'occupancy', organizationId: 'org_1', eventId: 'evt_1', takenAt: 'x' })).toBe('occupancy evt_1');
    expect(deadLetterSummary({ a: 1, b: 2 })).toBe('{ a, b }');
    expect(deadLetterSummary('garbage')).toBe('"garbage"');
    expect(deadLetterSummary(null)).toBe('(empty body)');
  });
  it('names queues', () => {
    expect(queueLabel('voelgoed-webhooks')).toBe('Webhooks');
    expect(queueLabel('voelgoed-notifications-dlq')).toBe('Notifications');
  });
  it('explains why a replay was refused', () => {
    expect(replayFailure({ status: 409, code: 'already_replayed', title: 'Conflict' })).toMatch(/^Already replayed/);
    expect(replayFailure({ status: 409, code: 'unknown_queue', title: 'Conflict', detail: 'Unknown queue x.' })).toBe('Cannot replay: Unknown queue x.');
    expect(replayFailure({ status: 403, code: 'platform_admin_only', title: 'Forbidden' })).toMatch(/Only platform admins/);
    expect(replayFailure({ status: 500, title: 'Internal error', detail: 'boom' })).toBe('Internal error — boom');
  });
});

describe('finding one record in a paginated list', () => {
  const pages: Record<string, { items: { id: string }[]; nextCursor: string | null }> = {
    first: { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c2' },
    c2: { items: [{ id: 'c' }], nextCursor: 'c3' },
    c3: { items: [{ id: 'd' }], nextCursor: null },
  };
  const fetched: string[] = [];
  const page = async (cursor: string | undefined) => (fetched.push(cursor ?? 'first'), pages[cursor ?? 'first']!);

  it('walks pages until it finds the id, and no further', async () => {
    fetched.length = 0;
    expect(await findInPages(page, 'c')).toEqual({ id: 'c' });
    expect(fetched).toEqual(['first', 'c2']);
  });
  it('answers null when the list ends or the page budget runs out', async () => {
    expect(await findInPages(page, 'zzz')).toBeNull();
    fetched.length = 0;
    expect(await findInPages(page, 'd', 2)).toBeNull();
    expect(fetched).toEqual(['first', 'c2']);
  });
});
