/** Ids and random tokens: prefixed, time-sortable ids for records; unguessable tokens for links and secrets. */

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * `prefix_` + 10 chars of millisecond time + 16 chars (80 bits) of randomness.
 * Time first so ids sort by creation, which keyset pagination relies on; the random
 * part keeps them unguessable, so an id alone never grants access.
 */
export function newId(prefix: string, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}_${time}${encodeBase32(crypto.getRandomValues(new Uint8Array(10)))}`;
}

export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A URL-safe secret with `bytes` of entropy (default 256 bits). */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

export const ID_PREFIXES = {
  organization: 'org',
  user: 'usr',
  membership: 'mem',
  session: 'ses',
  userToken: 'tok',
  invitation: 'inv',
  apiKey: 'key',
  audit: 'aud',
  notification: 'ntf',
  venue: 'ven',
  gate: 'gat',
  layout: 'lay',
  layoutSection: 'sec',
  event: 'evt',
  ticketType: 'tty',
  hold: 'hld',
  pricingRule: 'prl',
  coupon: 'cpn',
  couponRedemption: 'cpr',
  feePolicy: 'fpl',
  ticket: 'tkt',
  eventKey: 'evk',
  idempotencyKey: 'idk',
  order: 'ord',
  orderLine: 'oln',
  payment: 'pay',
  refund: 'rfd',
  providerEvent: 'pev',
  device: 'dev',
  scanSession: 'scs',
  scan: 'scn',
  deadLetter: 'dlq',
  mailboxMessage: 'mbx',
  notificationTemplate: 'ntt',
  webhookEndpoint: 'whe',
  webhookEvent: 'wev',
  webhookDelivery: 'whd',
  exportJob: 'exj',
  reportSchedule: 'rsc',
  funnel: 'fnl',
  occupancySnapshot: 'occ',
  reconciliation: 'rec',
  replicaCheck: 'rpc',
  waitlistEntry: 'wle',
  eventArchive: 'arc',
  orderChannel: 'och',
  consentEvent: 'cse',
  phoneOutboxMessage: 'pob',
  refundRequest: 'rrq',
  ticketTransfer: 'ttr',
} as const;
