/**
 * Server-side journey steps (docs/analytics.md, "Server-side events"): what the platform knows for sure happened —
 * a hold made, a checkout or payment started, a payment failed, an order completed, a waiting room joined or left
 * for the shop — recorded through the journey recorder off the hot path (no await, no D1 write; a failed send is
 * logged and dropped). The buyer's visitor id comes from the storefront's `Visitor-Id` header when it sent one,
 * honouring DNT / Sec-GPC like the storefront's own events (privacy.ts).
 */
import type { Context } from 'hono';
import { waitUntilOf } from '../../platform/wait-until';
import { applyPrivacy, deviceClassOf, optedOut, truncateIp } from './privacy';
import { recordJourney, type JourneyEnv, type WaitUntil } from './record-journey';
import { CHANNELS, VISITOR_ID, type JourneyItem, type JourneyKind } from './schemas';

export const VISITOR_ID_HEADER = 'Visitor-Id';

export type Step = {
  kind: JourneyKind;
  organizationId: string;
  eventId: string;
  ticketTypeId?: string | null;
  channel?: (typeof CHANNELS)[number];
  /** Epoch ms; now by default. */
  at?: number;
  /**
   * The visitor, when a step recorded without the buyer's request knows it otherwise (an order's webhook: the id the
   * checkout kept, already honouring DNT/GPC). A request's own Visitor-Id wins.
   */
  visitorId?: string | null;
};

type Headers = { get(name: string): string | null };

/** The request's side of an item: device class, and (unless it opted out) visitor id and network. */
export function requestFacts(headers: Headers | null): Pick<JourneyItem, 'deviceClass' | 'visitorId' | 'ipNetwork'> {
  if (!headers) return { deviceClass: null, visitorId: null, ipNetwork: null };
  const visitor = headers.get(VISITOR_ID_HEADER)?.trim();
  const identity = applyPrivacy(
    {
      visitorId: visitor && VISITOR_ID.test(visitor) ? visitor : null,
      ipNetwork: truncateIp(headers.get('CF-Connecting-IP')),
      referrerHost: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
    },
    optedOut(headers),
  );
  return { deviceClass: deviceClassOf(headers.get('User-Agent')), visitorId: identity.visitorId, ipNetwork: identity.ipNetwork };
}

/** The item of a server-recorded step; `headers` is the buyer's request when there is one (null for a webhook). */
export function stepItem(step: Step, headers: Headers | null): JourneyItem {
  const facts = requestFacts(headers);
  if (!facts.visitorId && step.visitorId && VISITOR_ID.test(step.visitorId)) facts.visitorId = step.visitorId;
  return {
    id: crypto.randomUUID(),
    organizationId: step.organizationId,
    eventId: step.eventId,
    kind: step.kind,
    occurredAt: step.at ?? Date.now(),
    source: 'server',
    ticketTypeId: step.ticketTypeId ?? null,
    channel: step.channel ?? 'storefront',
    referrerHost: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    locale: null,
    ...facts,
  };
}

/** From a route handler: the buyer's request is known. Never throws, never delays the answer. */
export function recordStep(c: Context, ...steps: Step[]): void {
  try {
    recordJourney(c.env as JourneyEnv, waitUntilOf(c), steps.map((s) => stepItem(s, c.req.raw.headers)));
  } catch {
    /* analytics never fails a request */
  }
}

/** From domain code with no buyer request at hand (a payment webhook, a sweep). Never throws. */
export function recordServerStep(ctx: { env: JourneyEnv; waitUntil?: WaitUntil }, ...steps: Step[]): void {
  try {
    recordJourney(ctx.env, ctx.waitUntil, steps.map((s) => stepItem(s, null)));
  } catch {
    /* analytics never fails a request */
  }
}
