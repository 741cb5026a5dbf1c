/**
 * The API request log screen's pure parts: its strings in English and Afrikaans (chosen by the browser's language),
 * and the list query for the filters (dates are whole days in the organization's timezone, "to" inclusive).
 */
import { withDayRange } from '../ops/logic';

export type RequestFilters = { apiKeyId: string; actorType: string; status: string; method: string; route: string; fromDate: string; toDate: string };
export const FILTER_KEYS = ['apiKeyId', 'actorType', 'status', 'method', 'route', 'fromDate', 'toDate'] as const;
export const EMPTY_FILTERS: RequestFilters = { apiKeyId: '', actorType: '', status: '', method: '', route: '', fromDate: '', toDate: '' };
export const STATUS_CHOICES = ['2xx', '3xx', '4xx', '5xx'] as const;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The query for GET /orgs/{orgId}/api-requests. */
export function requestLogQuery(f: RequestFilters, timeZone: string): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.apiKeyId) q.apiKeyId = f.apiKeyId;
  if (f.actorType) q.actorType = f.actorType;
  if (f.status.trim()) q.status = f.status.trim().toLowerCase();
  if (f.method) q.method = f.method;
  if (f.route.trim()) q.route = f.route.trim();
  return withDayRange(q, f.fromDate, f.toDate, timeZone);
}

/** A status filter the API accepts: a code (404) or a class (4xx); empty is fine. */
export const validStatus = (s: string) => !s.trim() || /^([1-5]\d\d|[1-5]xx)$/i.test(s.trim());

/** The badge tone of an HTTP status: 2xx/3xx fine, 4xx the caller's mistake, 5xx ours. */
export const statusTone = (status: number): 'ok' | 'warn' | 'bad' => (status >= 500 ? 'bad' : status >= 400 ? 'warn' : 'ok');

export type Lang = 'en' | 'af';

export function consoleLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Lang {
  return languages.some((l) => l.toLowerCase().startsWith('af')) ? 'af' : 'en';
}

const EN = {
  title: 'API request log',
  intro: 'Every request your API keys and signed-in team members made in this organization: the route (never its ids, query or body), the answer and how long it took. Entries arrive within seconds and are kept for 90 days.',
  filterLabel: 'Filter the request log',
  key: 'API key',
  anyKey: 'Any key',
  who: 'Made by',
  anyone: 'Anyone',
  keys: 'API keys',
  members: 'Team members',
  status: 'Status',
  statusHint: 'A code (404) or a class (4xx)',
  statusInvalid: 'A code such as 404, or a class such as 4xx.',
  method: 'Method',
  anyMethod: 'Any',
  route: 'Route',
  routeHint: 'Exact, e.g. /api/v1/orgs/:orgId/events',
  from: 'From',
  to: 'To (inclusive)',
  badRange: 'Must not be before “From”.',
  apply: 'Apply filters',
  clear: 'Clear',
  days: (tz: string) => `Days are in the organization's timezone (${tz}).`,
  caption: 'API requests, newest first',
  captionFiltered: 'API requests matching the filters, newest first',
  empty: 'No requests recorded yet.',
  emptyFiltered: 'Nothing matches these filters.',
  time: 'Time',
  request: 'Request',
  latency: 'Latency',
  member: 'Team member',
  revoked: 'revoked',
  ms: (n: number) => `${n} ms`,
};

const AF: typeof EN = {
  title: 'API-versoeklog',
  intro: "Elke versoek wat u API-sleutels en aangemelde spanlede in hierdie organisasie gerig het: die roete (nooit sy id's, navraag of inhoud nie), die antwoord en hoe lank dit geneem het. Inskrywings kom binne sekondes aan en word 90 dae lank gehou.",
  filterLabel: 'Filter die versoeklog',
  key: 'API-sleutel',
  anyKey: 'Enige sleutel',
  who: 'Gerig deur',
  anyone: 'Enigiemand',
  keys: 'API-sleutels',
  members: 'Spanlede',
  status: 'Status',
  statusHint: "'n Kode (404) of 'n klas (4xx)",
  statusInvalid: "'n Kode soos 404, of 'n klas soos 4xx.",
  method: 'Metode',
  anyMethod: 'Enige',
  route: 'Roete',
  routeHint: 'Presies, bv. /api/v1/orgs/:orgId/events',
  from: 'Van',
  to: 'Tot (ingesluit)',
  badRange: 'Mag nie voor “Van” wees nie.',
  apply: 'Pas filters toe',
  clear: 'Maak skoon',
  days: (tz: string) => `Dae is in die organisasie se tydsone (${tz}).`,
  caption: 'API-versoeke, nuutste eerste',
  captionFiltered: 'API-versoeke wat by die filters pas, nuutste eerste',
  empty: 'Nog geen versoeke aangeteken nie.',
  emptyFiltered: 'Niks pas by hierdie filters nie.',
  time: 'Tyd',
  request: 'Versoek',
  latency: 'Reaksietyd',
  member: 'Spanlid',
  revoked: 'herroep',
  ms: (n: number) => `${n} ms`,
};

export const STRINGS: Record<Lang, typeof EN> = { en: EN, af: AF };
