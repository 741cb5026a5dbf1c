/**
 * The Clickatell SMS adapter against recorded requests and answers (test/fixtures/clickatell, from Clickatell's
 * Platform API documentation) through a recording fetch: no test reaches the internet.
 */
import { describe, expect, it } from 'vitest';
import { CLICKATELL_API, clickatellProvider, PhoneProviderError, type OutgoingPhoneMessage } from '../../src/domains/notifications/phone-providers';
import { renderPhoneMessage } from '../../src/domains/notifications/phone-templates';
import accepted from '../fixtures/clickatell/send-accepted.json';
import refused from '../fixtures/clickatell/send-recipient-refused.json';
import recordedRequest from '../fixtures/clickatell/send-request.json';
import throttled from '../fixtures/clickatell/send-throttled.json';
import unauthorized from '../fixtures/clickatell/send-unauthorized.json';

type Recorded = { url: string; init: RequestInit };
const API_KEY = 'k3yFr0mTheClickatellPortal==';

function recordingFetch(answers: { status: number; body: unknown }[]) {
  const calls: Recorded[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetcher, calls };
}

const message = (over: Partial<OutgoingPhoneMessage> = {}): OutgoingPhoneMessage => ({
  ...renderPhoneMessage('ticket_link', 'en', { eventName: 'Test Concert', url: 'https://voelgoed.test/orders/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' }),
  notificationId: 'ntf_01jz0000000000000000000000',
  organizationId: 'org_1',
  channel: 'sms',
  to: '+27821234567',
  template: 'ticket_link',
  locale: 'en',
  ...over,
});

describe('Clickatell SMS adapter', () => {
  it('posts the documented request: the API key as Authorization, the number without +, the outbox id as clientMessageId', async () => {
    const { fetcher, calls } = recordingFetch([accepted]);
    const m = message();
    const sent = await clickatellProvider(API_KEY, fetcher).send(m);
    expect(sent).toEqual({ providerMessageId: accepted.body.messages[0]!.apiMessageId });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(CLICKATELL_API);
    expect(call!.url).toBe(recordedRequest.url);
    expect(call!.init.method).toBe(recordedRequest.method);
    const headers = call!.init.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(Object.keys(recordedRequest.headers).sort());
    expect(headers.Authorization).toBe(API_KEY);
    expect(headers['Content-Type']).toBe('application/json');
    const body = JSON.parse(String(call!.init.body));
    expect(Object.keys(body).sort()).toEqual(Object.keys(recordedRequest.body).sort());
    expect(body).toEqual({ content: m.text, to: ['27821234567'], clientMessageId: m.notificationId });
  });

  it('asks for UCS-2 when the text needs it', async () => {
    const { fetcher, calls } = recordingFetch([accepted]);
    const m = message(renderPhoneMessage('event_reminder', 'af', { eventName: 'Kersfees 🎉', eventDate: 'Sa 14 Mrt 19:30', url: 'https://voelgoed.test/orders/x' }));
    await clickatellProvider(API_KEY, fetcher).send(m);
    expect(m.length.encoding).toBe('ucs2');
    expect(JSON.parse(String(calls[0]!.init.body)).charset).toBe('UCS2-BE');
  });

  it('retries 429 and 5xx, fails 4xx and refused recipients at once, with the provider’s error kept and the key never in it', async () => {
    const outcome = async (answer: { status: number; body: unknown }) => {
      const error = await clickatellProvider(API_KEY, recordingFetch([answer]).fetcher).send(message()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PhoneProviderError);
      expect(String((error as Error).message)).not.toContain(API_KEY);
      return error as PhoneProviderError;
    };
    const limited = await outcome(throttled);
    expect(limited.retryable).toBe(true);
    expect(limited.message).toContain('429');
    expect((await outcome({ status: 503, body: { error: 'Service unavailable' } })).retryable).toBe(true);
    const auth = await outcome(unauthorized);
    expect(auth.retryable).toBe(false);
    expect(auth.message).toContain('401');
    expect(auth.message).toContain('Authentication failed');
    const invalid = await outcome(refused);
    expect(invalid.retryable).toBe(false);
    expect(invalid.message).toContain('Invalid destination address');
    expect((await outcome({ status: 502, body: 'not json' })).retryable).toBe(true);
  });
});
