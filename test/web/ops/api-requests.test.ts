/** The API request log screen's logic: the list query for its filters, status validation, tones and its two languages. */
import { describe, expect, it } from 'vitest';
import { consoleLang, EMPTY_FILTERS, requestLogQuery, statusTone, STRINGS, validStatus } from '../../../web/src/admin/screens/api-requests/logic';

describe('API request log screen', () => {
  it('builds the query from the filters: days in the organization timezone, "to" inclusive', () => {
    expect(requestLogQuery(EMPTY_FILTERS, 'Africa/Johannesburg')).toEqual({});
    const q = requestLogQuery({ apiKeyId: 'key_1', actorType: 'api_key', status: ' 4XX ', method: 'POST', route: ' /api/v1/orgs/:orgId/events ', fromDate: '2026-12-01', toDate: '2026-12-01' }, 'Africa/Johannesburg');
    expect(q).toEqual({
      apiKeyId: 'key_1',
      actorType: 'api_key',
      status: '4xx',
      method: 'POST',
      route: '/api/v1/orgs/:orgId/events',
      from: '2026-11-30T22:00:00.000Z',
      to: '2026-12-01T22:00:00.000Z',
    });
  });

  it('accepts a status code or class only', () => {
    for (const ok of ['', '404', '2xx', '5XX']) expect(validStatus(ok)).toBe(true);
    for (const bad of ['4', '6xx', '40x', 'abc']) expect(validStatus(bad)).toBe(false);
    expect([200, 302, 404, 503].map(statusTone)).toEqual(['ok', 'ok', 'warn', 'bad']);
  });

  it('speaks Afrikaans to a browser that prefers it, English otherwise, with the same strings in both', () => {
    expect(consoleLang(['af-ZA', 'en'])).toBe('af');
    expect(consoleLang(['en-ZA'])).toBe('en');
    expect(consoleLang([])).toBe('en');
    expect(Object.keys(STRINGS.af).sort()).toEqual(Object.keys(STRINGS.en).sort());
    expect(STRINGS.af.title).not.toBe(STRINGS.en.title);
  });
});
