/** Shared pieces of the operations screens: badges, times and money in the organization's settings, secrets shown once, confirmations, event and gate look-ups. */
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { api, call, formatInZone, formatMoney, type Schemas } from '../../../api/client';
import { loadAll } from '../../../ui/load';
import { useOrg } from '../../session';
import { humanize, statusTone } from './logic';
import { qrDataUrl, qrModules } from './qr';

export type EventT = Schemas['Event'];
export type GateT = Schemas['Gate'];

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge ${statusTone(status)}`}>{label ?? humanize(status)}</span>;
}

/** An instant in the organization's timezone (hover shows the UTC time). */
export function Time({ iso, fallback = '—', opts }: { iso: string | null | undefined; fallback?: string; opts?: Intl.DateTimeFormatOptions }) {
  const { organization } = useOrg();
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {formatInZone(iso, organization.settings.timezone, organization.settings.locale, opts)}
    </time>
  );
}

export function Money({ minor, currency }: { minor: number; currency: string }) {
  const { organization } = useOrg();
  return <>{formatMoney(minor, currency, organization.settings.locale)}</>;
}

/** Copies text to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<null | 'ok' | 'fail'>(null);
  useEffect(() => {
    if (!done) return;
    const t = setTimeout(() => setDone(null), 2500);
    return () => clearTimeout(t);
  }, [done]);
  return (
    <>
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setDone('ok');
          } catch {
            setDone('fail');
          }
        }}
      >
        {label}
      </button>
      <span aria-live="polite" className="hint">
        {done === 'ok' ? 'Copied.' : done === 'fail' ? 'Could not copy: select the text and copy it.' : ''}
      </span>
    </>
  );
}

/** A secret the API shows only once: in one element (for people, and for tests), copyable, with a warning. */
export function SecretOnce({ title, secret, testId, children, onDone }: { title: string; secret: string; testId: string; children?: ReactNode; onDone: () => void }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card ops-card ops-secret" aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`} ref={ref} tabIndex={-1}>
        {title}
      </h2>
      <p className="banner">This is shown only now. Copy it and keep it somewhere safe — it cannot be shown again.</p>
      <code className="secret" data-testid={testId}>
        {secret}
      </code>
      <p className="toolbar">
        <CopyButton text={secret} />
      </p>
      {children}
      <button type="button" className="primary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}

/** A QR code of a text, as an image with a text alternative. */
export function QrImage({ text, alt, size = 240 }: { text: string; alt: string; size?: number }) {
  const cells = qrModules(text).length + 8;
  const { url, size: px } = qrDataUrl(text, Math.max(2, Math.floor(size / cells)));
  return <img src={url} alt={alt} width={px} height={px} className="ops-qr" />;
}

/**
 * A destructive action in two steps, in place: the button, then "Are you sure?" with the confirming button
 * (focused) and Keep. No browser dialog, so it works with a keyboard and a screen reader like any form.
 */
export function ConfirmAction({
  label,
  confirmLabel,
  question,
  onConfirm,
  danger = true,
  disabled,
}: {
  label: string;
  confirmLabel?: string;
  question: ReactNode;
  onConfirm: () => Promise<unknown> | void;
  danger?: boolean;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <span className="ops-confirm">
        <button type="button" className={danger ? 'danger' : ''} disabled={disabled} onClick={() => (setError(null), setAsking(true))}>
          {label}
        </button>
        {error && (
          <small className="field-error" role="alert">
            {error}
          </small>
        )}
      </span>
    );
  }
  return (
    <span className="ops-confirm asking" role="group" aria-labelledby={id}>
      <span id={id}>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={danger ? 'danger' : 'primary'}
        disabled={busy}
        aria-busy={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
            setAsking(false);
          } catch (e) {
            setError(e instanceof Error ? e.message : String(e));
            setAsking(false);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Working…' : (confirmLabel ?? `Yes, ${label.toLowerCase()}`)}
      </button>
      <button type="button" onClick={() => setAsking(false)} disabled={busy}>
        Keep
      </button>
    </span>
  );
}

const eventsSeen = new Map<string, EventT[]>();
const eventsLoading = new Map<string, Promise<EventT[]>>();
/** Gates by venue, reused for 30 s (several pickers on one screen ask at once; a gate added since shows on the next visit). */
const gatesCache = new Map<string, { p: Promise<GateT[]>; at: number }>();
const GATES_TTL_MS = 30_000;

/**
 * The organization's events (for pickers and to name an event by id): the last list seen shows at once, and a
 * fresh one is fetched whenever a screen opens (an event created a moment ago must be there to pick).
 */
export function useEvents(): { events: EventT[]; byId: Map<string, EventT>; loading: boolean; error: string | null; refresh: () => void } {
  const { orgId } = useOrg();
  const [events, setEvents] = useState<EventT[]>(() => eventsSeen.get(orgId) ?? []);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let p = eventsLoading.get(orgId);
    if (!p) {
      p = loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/events', { params: { path: { orgId }, query: { limit: 200, cursor } } })));
      eventsLoading.set(orgId, p);
      const clear = () => eventsLoading.delete(orgId);
      p.then((e) => (eventsSeen.set(orgId, e), clear()), clear);
    }
    setLoading(true);
    p.then((e) => !cancelled && (setEvents(e), setError(null)))
      .catch((e) => !cancelled && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [orgId, tick]);
  const byId = useMemo(() => new Map(events.map((e) => [e.id, e])), [events]);
  return { events, byId, loading, error, refresh: () => setTick((t) => t + 1) };
}

/** The gates of some venues, by venue. */
export function useGates(venueIds: string[]): { gates: Map<string, GateT[]>; byId: Map<string, GateT> } {
  const { orgId } = useOrg();
  const key = [...new Set(venueIds)].sort().join(',');
  const [gates, setGates] = useState<Map<string, GateT[]>>(new Map());
  useEffect(() => {
    let cancelled = false;
    const ids = key ? key.split(',') : [];
    Promise.all(
      ids.map(async (venueId) => {
        const k = `${orgId}/${venueId}`;
        const hit = gatesCache.get(k);
        let p = hit && Date.now() - hit.at < GATES_TTL_MS ? hit.p : undefined;
        if (!p) {
          p = loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}/gates', { params: { path: { orgId, venueId }, query: { limit: 200, cursor } } })));
          gatesCache.set(k, { p, at: Date.now() });
          p.catch(() => gatesCache.delete(k));
        }
        return [venueId, await p.catch(() => [] as GateT[])] as const;
      }),
    ).then((entries) => !cancelled && setGates(new Map(entries)));
    return () => {
      cancelled = true;
    };
  }, [orgId, key]);
  const byId = new Map<string, GateT>();
  for (const list of gates.values()) for (const g of list) byId.set(g.id, g);
  return { gates, byId };
}

/** An event's name (or its id while loading / when unknown). */
export function eventName(byId: Map<string, EventT>, id: string | null | undefined): string {
  if (!id) return 'All events';
  return byId.get(id)?.name ?? id;
}

/** A short message of a failed request. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'problem' in e) {
    const p = (e as { problem: { title: string; detail?: string } }).problem;
    return p.detail ? `${p.title} — ${p.detail}` : p.title;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The actions on a record (resend, cancel, rotate a secret…): `act` clears the last outcome and runs one; an action
 * says what it did with `setNotice`, and a failure shows as the error.
 */
export function useActions() {
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setNotice(null);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return { notice, setNotice, error, act };
}

/** What the last action came to: its notice (announced politely) or why it failed. */
export function ActionOutcome({ notice, error }: { notice: string | null; error: string | null }) {
  return (
    <>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** "← Orders": the way back from one record to its area's list (`area` is the path under the organization). */
export function BackLink({ area, label }: { area: string; label: string }) {
  const { orgId } = useOrg();
  return (
    <Link href={`~/admin/orgs/${orgId}/${area}`} className="ops-back">
      {`← ${label}`}
    </Link>
  );
}

/**
 * A record screen before it can show its record: "Loading…", or — when loading it failed — the way back and
 * what went wrong.
 */
export function RecordPending({ area, label, error }: { area: string; label: string; error: unknown }) {
  if (!error) return <p className="loading">Loading…</p>;
  return (
    <>
      <BackLink area={area} label={label} />
      <p className="banner error" role="alert">
        {errorText(error)}
      </p>
    </>
  );
}

/** Pretty JSON in a scrollable block. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="ops-json" aria-label={label} tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
