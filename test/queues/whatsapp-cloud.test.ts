/**
 * The WhatsApp Cloud API adapter against recorded requests and answers (test/fixtures/whatsapp, from Meta's Cloud API
 * documentation) through a recording fetch: template messages in the buyer's language, error mapping. No test
 * reaches the internet.
 */
import { describe, expect, it } from 'vitest';
import { PhoneProviderError, whatsappCloudProvider, type OutgoingPhoneMessage } from '../../src/domains/notifications/phone-providers';
import { renderPhoneMessage } from '../../src/domains/notifications/phone-templates';
import accepted from '../fixtures/whatsapp/send-accepted.json';
import rateLimited from '../fixtures/whatsapp/send-rate-limited.json';
import serverError from '../fixtures/whatsapp/send-server-error.json';
import recordedRequest from '../fixtures/whatsapp/send-template-request.json';
import templateMissing from '../fixtures/whatsapp/send-template-missing.json';
import tokenExpired from '../fixtures/whatsapp/send-token-expired.json';

const TOKEN = `EAAG${'t0k3n'.repeat(20)}`;
const config = { accessToken: TOKEN, phoneNumberId: '106540352242922', version: 'v21.0' };
const URL_ = 'https://voelgoed.test/orders/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function recordingFetch(answers: { status: number; body: unknown }[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetcher, calls };
}

const message = (): OutgoingPhoneMessage => ({
  ...renderPhoneMessage('ticket_link', 'af', { eventName: 'Test Concert', url: URL_ }),
  notificationId: 'ntf_01jz0000000000000000000001',
  organizationId: 'org_1',
  channel: 'whatsapp',
  to: '+27821234567',
  template: 'ticket_link',
  locale: 'af',
});

describe('WhatsApp Cloud API adapter', () => {
  it('posts the documented template message: Bearer token, the approved template in the buyer’s language, body parameters in order', async () => {
    const { fetcher, calls } = recordingFetch([accepted]);
    const m = message();
    const sent = await whatsappCloudProvider(config, fetcher).send(m);
    expect(sent).toEqual({ providerMessageId: accepted.body.messages[0]!.id });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(recordedRequest.url);
    expect(call!.init.method).toBe('POST');
    const headers = call!.init.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(Object.keys(recordedRequest.headers).sort());
    expect(headers.Authorization).toBe(`Bearer ${TOKEN}`);
    const body = JSON.parse(String(call!.init.body));
    const expected = structuredClone(recordedRequest.body);
    expected.template.components[0]!.parameters[1]!.text = URL_;
    expected.biz_opaque_callback_data = m.notificationId;
    expect(body).toEqual(expected);
  });

  it('retries 429, 5xx and the throughput codes; fails a missing template or an expired token at once, keeping Meta’s error but never the token', async () => {
    const outcome = async (answer: { status: number; body: unknown }) => {
      const error = await whatsappCloudProvider(config, recordingFetch([answer]).fetcher).send(message()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PhoneProviderError);
      expect(String((error as Error).message)).not.toContain(TOKEN);
      return error as PhoneProviderError;
    };
    const limited = await outcome(rateLimited);
    expect(limited.retryable).toBe(true);
    expect(limited.message).toContain('130429');
    expect((await outcome({ status: 429, body: { error: { code: 4, message: 'Application request limit reached' } } })).retryable).toBe(true);
    const broken = await outcome(serverError);
    expect(broken.retryable).toBe(true);
    const missing = await outcome(templateMissing);
    expect(missing.retryable).toBe(false);
    expect(missing.message).toContain('132001');
    expect(missing.message).toContain('does not exist in af');
    expect(missing.message).toContain('fbtrace');
    const expired = await outcome(tokenExpired);
    expect(expired.retryable).toBe(false);
    expect(expired.message).toContain('(#190)');
  });

  it('treats an answer without a message id as not yet sent', async () => {
    const error = await whatsappCloudProvider(config, recordingFetch([{ status: 200, body: { messaging_product: 'whatsapp' } }]).fetcher).send(message()).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
  });
});
