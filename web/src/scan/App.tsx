/**
 * The scanner app's screens: sign in with the device token, choose event, gate and operator, then check tickets
 * (camera or typed) with a full-screen result. The state lives in ScanDesk (desk.ts); this file only shows it.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { ApiError, formatInZone } from '../api/client';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../ui/forms';
import { cameraSupported, CameraScanner } from './camera';
import { DeskError, type DeskState, type ScanDesk } from './desk';
import { looksLikeDeviceToken } from './device-token';
import { playFeedback, unlockAudio } from './feedback';
import { LiveChannel, ticketedLiveUrl, type GateLiveMessage } from '../ui/live-channel';
import { deviceLiveTicketPath } from './api';
import { countsFromLiveMessage, type GateCounts } from './live-counts';
import { describeParty, formatScanTime, screenFor, type ResultScreen } from './screen';
import type { Direction, Verdict } from './types';

type InstallPrompt = Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: string }> };

export function App({ desk, installPrompt, linkToken }: { desk: ScanDesk; installPrompt: () => InstallPrompt | null; linkToken?: string | null }) {
  const state = useSyncExternalStore(desk.subscribe, desk.getState);

  useEffect(() => {
    const up = () => desk.setNetwork(true);
    const down = () => desk.setNetwork(false);
    const hide = () => void desk.flush();
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    window.addEventListener('pagehide', hide);
    document.addEventListener('visibilitychange', hide);
    const timer = setInterval(() => desk.tick(), 3_000);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.removeEventListener('pagehide', hide);
      document.removeEventListener('visibilitychange', hide);
      clearInterval(timer);
    };
  }, [desk]);

  if (!state.loaded) return <p className="loading">Loading…</p>;
  return (
    <div className="scan-app">
      <TopBar desk={desk} state={state} installPrompt={installPrompt} />
      <main className="scan-main">
        {!state.device ? <SignIn desk={desk} state={state} linkToken={linkToken ?? null} /> : !state.session ? <Setup desk={desk} state={state} /> : <Scanning desk={desk} state={state} />}
      </main>
    </div>
  );
}

function TopBar({ desk, state, installPrompt }: { desk: ScanDesk; state: DeskState; installPrompt: () => InstallPrompt | null }) {
  const [canInstall, setCanInstall] = useState(() => installPrompt() !== null);
  useEffect(() => {
    const on = () => setCanInstall(installPrompt() !== null);
    window.addEventListener('vg-install-available', on);
    window.addEventListener('appinstalled', on);
    return () => {
      window.removeEventListener('vg-install-available', on);
      window.removeEventListener('appinstalled', on);
    };
  }, [installPrompt]);

  const signOut = async () => {
    if (state.pending > 0 && !window.confirm(`${state.pending} scan(s) have not been uploaded yet. Signing out deletes them from this phone. Sign out anyway?`)) return;
    await desk.signOut();
  };

  return (
    <header className="scan-top">
      <div className="scan-brand">
        <strong>Voelgoed Scan</strong>
        {state.device && (
          <span className="scan-device">
            {state.device.name} · {state.device.organization.name}
          </span>
        )}
      </div>
      <div className="scan-top-actions">
        {state.device && <NetworkBadge state={state} />}
        {canInstall && (
          <button
            type="button"
            onClick={async () => {
              const p = installPrompt();
              if (!p) return;
              await p.prompt();
              await p.userChoice.catch(() => undefined);
              setCanInstall(false);
            }}
          >
            Install app
          </button>
        )}
        {state.device && (
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </div>
    </header>
  );
}

function NetworkBadge({ state }: { state: DeskState }) {
  return (
    <span className={`badge ${state.online ? 'ok' : 'warn'}`} role="status" aria-live="polite">
      {state.online ? 'Online' : 'Offline'}
      {state.syncing ? ' · syncing' : ''}
    </span>
  );
}

// ---------------------------------------------------------------------------------------------
// Sign in.

function SignIn({ desk, state, linkToken }: { desk: ScanDesk; state: DeskState; linkToken: string | null }) {
  const form = useForm({ token: linkToken ?? '' });
  const [qr, setQr] = useState(false);

  const signIn = (token: string, e?: FormEvent) =>
    form.submit(async () => {
      unlockAudio();
      await desk.signIn(token);
    }, e);

  // Opened from the sign-in link: sign in straight away (errors show beside the field).
  const usedLink = useRef(false);
  useEffect(() => {
    if (linkToken && !usedLink.current) {
      usedLink.current = true;
      void signIn(linkToken);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkToken]);

  return (
    <section className="card scan-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in this device</h1>
      {state.authError && (
        <p className="banner error" role="alert">
          {state.authError}
        </p>
      )}
      {state.pending > 0 && (
        <p className="banner">
          {state.pending} scan(s) made on this phone are waiting to upload; they go up once a device of the same organizer signs in.
        </p>
      )}
      <p className="hint">
        Get the device token from <strong>Admin → Scanner devices</strong>: register this phone and paste its token here, open its sign-in link, or scan its QR code.
      </p>
      <form onSubmit={(e) => void signIn(form.values.token, e)} noValidate>
        <ProblemBanner error={form.problem} fields={['token']} />
        <Input form={form} name="token" label="Device token" autoComplete="off" placeholder="vgd_…" required />
        <div className="toolbar">
          <SubmitButton busy={form.busy}>Sign in</SubmitButton>
          {cameraSupported() && (
            <button type="button" onClick={() => setQr((v) => !v)} aria-pressed={qr}>
              {qr ? 'Stop camera' : 'Scan token QR code'}
            </button>
          )}
        </div>
      </form>
      {qr && (
        <CameraScanner
          label="Camera: point at the device token's QR code"
          paused={form.busy}
          onCode={(code) => {
            if (!looksLikeDeviceToken(code)) {
              form.setErrors({ token: 'That QR code is not a device token' });
              return;
            }
            setQr(false);
            form.set('token', code);
            void signIn(code);
          }}
        />
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Event, gate and operator.

function Setup({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  const device = state.device!;
  const events = device.events;
  const form = useForm({ eventId: events.length === 1 ? events[0]!.id : '', gateId: device.gate?.id ?? '', operatorName: '' });
  const eventId = form.values.eventId;
  const { setValues } = form;

  useEffect(() => {
    void desk.refreshDevice();
    void desk.lastOperator().then((name) => name && setValues((v) => (v.operatorName ? v : { ...v, operatorName: name })));
  }, [desk, setValues]);

  useEffect(() => {
    if (eventId) void desk.prepareEvent(eventId);
    // Another event may be at another venue: its gates are chosen afresh (a pinned gate stays).
    setValues((v) => ({ ...v, gateId: device.gate?.id ?? '' }));
  }, [desk, eventId, device.gate?.id, setValues]);

  const event = state.event && state.event.id === eventId ? state.event : null;
  const chosen = events.find((ev) => ev.id === eventId);
  const gates = device.gate ? [{ id: device.gate.id, name: device.gate.name }] : (event?.gates ?? []);
  const gateOptions = device.gate
    ? gates.map((g) => ({ value: g.id, label: g.name }))
    : !eventId
      ? [{ value: '', label: 'Choose an event first' }]
      : !event?.ready
        ? [{ value: '', label: state.online ? 'Loading gates…' : 'Offline: gates unknown until the event downloads' }]
        : gates.length === 0
          ? [{ value: '', label: 'No gates at this venue' }]
          : [{ value: '', label: 'Choose a gate' }, ...gates.map((g) => ({ value: g.id, label: g.name }))];

  // A venue with one gate: nothing to choose.
  const onlyGate = !device.gate && event?.ready && gates.length === 1 ? gates[0]!.id : null;
  useEffect(() => {
    if (onlyGate) setValues((v) => (v.gateId ? v : { ...v, gateId: onlyGate }));
  }, [onlyGate, setValues]);

  const start = (e: FormEvent) =>
    form.submit(async (v) => {
      unlockAudio();
      const errors: Record<string, string> = {};
      if (!v.eventId) errors.eventId = 'Choose the event you are scanning for';
      if (!v.gateId && gates.length > 0) errors.gateId = 'Choose the gate you are at';
      else if (!v.gateId && v.eventId && !device.gate && !event?.ready && state.online) errors.gateId = 'The gates are still loading: a moment, please';
      if (!v.operatorName.trim()) errors.operatorName = 'Who is scanning? (your name)';
      if (Object.keys(errors).length) {
        throw new ApiError({ title: 'Check the form', status: 422, errors: Object.entries(errors).map(([k, message]) => ({ path: `body.${k}`, message })) });
      }
      await desk.startSession({ eventId: v.eventId, gateId: v.gateId || null, operatorName: v.operatorName });
    }, e);

  if (events.length === 0) {
    return (
      <section className="card scan-narrow">
        <h1>No events for this device</h1>
        <p>This device is not assigned to any event. In Admin → Scanner devices, edit the device and choose its events, then press Refresh.</p>
        <button type="button" onClick={() => void desk.refreshDevice()}>
          Refresh
        </button>
      </section>
    );
  }

  return (
    <section className="card scan-narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Start a scan session</h1>
      <form onSubmit={(e) => void start(e)} noValidate>
        <ProblemBanner error={form.problem} fields={['eventId', 'gateId', 'operatorName']} />
        <Select
          form={form}
          name="eventId"
          label="Event"
          options={[
            ...(events.length > 1 ? [{ value: '', label: 'Choose an event' }] : []),
            ...events.map((ev) => ({ value: ev.id, label: ev.name })),
          ]}
          hint={chosen ? `${formatInZone(chosen.startsAt, chosen.timezone)} (${chosen.timezone})${chosen.status === 'draft' || chosen.status === 'cancelled' ? ` · ${chosen.status}` : ''}` : undefined}
        />
        <Select form={form} name="gateId" label="Gate" options={gateOptions} hint={device.gate ? 'This device is pinned to this gate.' : undefined} />
        <Input form={form} name="operatorName" label="Operator" autoComplete="name" placeholder="Your name" required />
        {event && <ManifestStatus state={state} />}
        <SubmitButton busy={form.busy}>Start scanning</SubmitButton>
      </form>
    </section>
  );
}

function ManifestStatus({ state }: { state: DeskState }) {
  const ev = state.event!;
  return (
    <p className="hint" aria-live="polite">
      {ev.ready
        ? `Offline ticket list: ${ev.tickets} ticket(s), ${ev.checkedIn} checked in · synced ${ev.syncedAt ? formatScanTime(ev.syncedAt, ev.timezone) : 'never'}`
        : state.syncing
          ? 'Downloading the ticket list for offline scanning…'
          : state.online
            ? 'The ticket list has not downloaded yet.'
            : 'Offline: the ticket list downloads when the connection returns.'}
      {state.syncError && <span className="field-error"> — {state.syncError}</span>}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------
// Scanning.

/**
 * The event's check-in counts, live: the shared channel (web/src/ui/live-channel.ts) keeps the socket alive and
 * reconnects with backoff; when the desk comes back online it reconnects at once instead of waiting the backoff out.
 * Every connect asks for a fresh device ticket (the gate counts of this device's own event only); a reconnect resumes
 * with `?since=` and a `resync` brings a fresh snapshot (every message carries the full counts, so each one applied in
 * order is the truth).
 */
function useLiveCounts(eventId: string, gateId: string | null, online: boolean): GateCounts | null {
  const [counts, setCounts] = useState<GateCounts | null>(null);
  const channelRef = useRef<LiveChannel<GateLiveMessage> | null>(null);
  useEffect(() => {
    const channel = new LiveChannel<GateLiveMessage>({
      url: async () => ticketedLiveUrl(await deviceLiveTicketPath(eventId), location),
      onMessage: (m) => {
        const c = countsFromLiveMessage(m, gateId);
        if (c) setCounts(c);
      },
    });
    channelRef.current = channel;
    channel.start();
    const onVisible = () => document.visibilityState === 'visible' && channel.reconnectNow();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      channel.stop();
      channelRef.current = null;
    };
  }, [eventId, gateId]);
  useEffect(() => {
    if (online) channelRef.current?.reconnectNow();
  }, [online]);
  return counts;
}

const AUTO_DISMISS_MS: Record<ResultScreen['tone'], number> = { valid: 2_000, duplicate: 3_000, invalid: 3_000 };

function Scanning({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  const session = state.session!;
  const event = state.event;
  const device = state.device!;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ verdict: Verdict; screen: ResultScreen } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [direction, setDirection] = useState<Direction>('in');
  const [camera, setCamera] = useState(() => localStorage.getItem('vgscan:camera') === 'on' && cameraSupported());
  const [sound, setSound] = useState(() => localStorage.getItem('vgscan:sound') !== 'off');
  const codeInput = useRef<HTMLInputElement>(null);
  const live = useLiveCounts(session.eventId, session.gateId, state.online);
  const gateName = session.gateId ? (event?.gates.find((g) => g.id === session.gateId)?.name ?? device.gate?.name ?? 'Gate') : 'Any gate';
  const busyRef = useRef(false);

  // After a typed check the cursor goes back to the field (a handheld scanner types the next code straight in);
  // after a camera read nothing takes focus, so a phone's keyboard does not pop up over the camera.
  const lastSource = useRef<'camera' | 'manual'>('manual');
  const dismiss = useCallback(() => {
    setResult(null);
    if (lastSource.current === 'manual') codeInput.current?.focus();
    else (document.activeElement as HTMLElement | null)?.blur?.();
  }, []);

  // Keep the screen awake while scanning (where the browser allows it).
  useEffect(() => {
    type Lock = { release(): Promise<void> };
    const wl = (navigator as unknown as { wakeLock?: { request(type: 'screen'): Promise<Lock> } }).wakeLock;
    if (!wl) return;
    let lock: Lock | null = null;
    const acquire = () => {
      if (document.visibilityState === 'visible') void wl.request('screen').then((l) => (lock = l), () => undefined);
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      document.removeEventListener('visibilitychange', acquire);
      void lock?.release().catch(() => undefined);
    };
  }, []);

  useEffect(() => {
    if (!result) return;
    const t = setTimeout(dismiss, AUTO_DISMISS_MS[result.screen.tone]);
    return () => clearTimeout(t);
  }, [result, dismiss]);

  const check = useCallback(
    async (raw: string, source: 'camera' | 'manual') => {
      if (!raw.trim() || busyRef.current) return;
      lastSource.current = source;
      busyRef.current = true;
      setBusy(true);
      setError(null);
      try {
        const verdict = await desk.check(raw, direction);
        const screen = screenFor(verdict, { timeZone: event?.timezone, deviceId: device.id });
        playFeedback(screen, { sound });
        setResult({ verdict, screen });
        setCode('');
      } catch (e) {
        setError(e instanceof DeskError || e instanceof Error ? e.message : String(e));
      } finally {
        busyRef.current = false;
        setBusy(false);
      }
    },
    [desk, direction, event?.timezone, device.id, sound],
  );

  const submitManual = (e: FormEvent) => {
    e.preventDefault();
    unlockAudio();
    void check(code, 'manual');
  };

  const toggleCamera = () => {
    unlockAudio();
    setCamera((on) => {
      localStorage.setItem('vgscan:camera', on ? 'off' : 'on');
      return !on;
    });
  };

  const counts = session.counts;
  return (
    <>
      <section className="scan-session" aria-label="Session">
        <div>
          <h1 className="scan-event">{event?.name ?? 'Event'}</h1>
          <p className="scan-meta">
            {gateName} · {session.operatorName}
            {!session.serverId && !session.refused && ' · session starts on the server when online'}
          </p>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => void desk.sync()} disabled={state.syncing || !state.online}>
            Sync now
          </button>
          <button type="button" onClick={() => void desk.endSession()}>
            End session
          </button>
        </div>
      </section>

      <dl className="scan-counters" aria-label="Counters">
        <div className="c-valid">
          <dt>Valid</dt>
          <dd>{counts.valid}</dd>
        </div>
        <div className="c-dup">
          <dt>Duplicate</dt>
          <dd>{counts.duplicate}</dd>
        </div>
        <div className="c-bad">
          <dt>Refused</dt>
          <dd>{counts.invalid}</dd>
        </div>
        {counts.exit > 0 && (
          <div>
            <dt>Exits</dt>
            <dd>{counts.exit}</dd>
          </div>
        )}
        <div>
          <dt>Checked in (event)</dt>
          <dd>{live?.checkedIn ?? event?.checkedIn ?? '–'}</dd>
        </div>
        {session.gateId && (
          <div>
            <dt>At this gate</dt>
            <dd>{live?.atGate ?? event?.checkedInAtGate ?? '–'}</dd>
          </div>
        )}
      </dl>

      <p className="scan-sync" aria-live="polite">
        <span>{state.pending === 0 ? 'All scans uploaded' : `${state.pending} scan(s) waiting to upload`}</span>
        <span>Last sync: {event?.syncedAt ? formatScanTime(event.syncedAt, event.timezone) : 'never'}</span>
        {event && <span>{event.ready ? `${event.tickets} ticket(s) on this phone` : 'Ticket list not downloaded: offline checks impossible'}</span>}
        {state.syncError && <span className="field-error">{state.syncError}</span>}
      </p>

      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}

      {event?.reentryAllowed && (
        <fieldset className="scan-direction">
          <legend>Direction</legend>
          <label>
            <input type="radio" name="direction" checked={direction === 'in'} onChange={() => setDirection('in')} /> Entry
          </label>
          <label>
            <input type="radio" name="direction" checked={direction === 'out'} onChange={() => setDirection('out')} /> Exit
          </label>
        </fieldset>
      )}

      <section className="card" aria-label="Camera">
        <div className="toolbar">
          {cameraSupported() ? (
            <button type="button" className={camera ? '' : 'primary'} onClick={toggleCamera} aria-pressed={camera}>
              {camera ? 'Stop camera' : 'Start camera'}
            </button>
          ) : (
            <p className="hint">This browser has no camera access: type the ticket code below.</p>
          )}
          <label className="scan-sound">
            <input
              type="checkbox"
              checked={sound}
              onChange={(e) => {
                localStorage.setItem('vgscan:sound', e.target.checked ? 'on' : 'off');
                setSound(e.target.checked);
              }}
            />{' '}
            Sound
          </label>
        </div>
        {camera && <CameraScanner label="Camera: point at the ticket's QR code" paused={busy || result !== null} onCode={(c) => void check(c, 'camera')} />}
      </section>

      <form className="card scan-manual" onSubmit={submitManual}>
        <div className="field">
          <label htmlFor="ticket-code">Ticket code</label>
          <input
            id="ticket-code"
            ref={codeInput}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            placeholder="VG1.…"
            aria-describedby="ticket-code-hint"
          />
          <small id="ticket-code-hint" className="hint">
            For a damaged code: type or paste the code printed under the QR. A handheld scanner that types works here too.
          </small>
        </div>
        <button type="submit" className="primary" disabled={busy || !code.trim()} aria-busy={busy}>
          Check ticket
        </button>
      </form>

      <Corrections desk={desk} state={state} />

      <div role="status" aria-live="assertive" aria-atomic="true">
        {result && <ResultOverlay result={result} onDismiss={dismiss} />}
      </div>
    </>
  );
}

function ResultOverlay({ result, onDismiss }: { result: { verdict: Verdict; screen: ResultScreen }; onDismiss: () => void }) {
  const { screen } = result;
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className={`scan-result tone-${screen.tone}`} onClick={onDismiss}>
      <div className="scan-result-body">
        <h2 className="scan-result-heading">{screen.heading}</h2>
        {screen.reason && <p className="scan-result-reason">{screen.reason}</p>}
        {screen.lines.map((l) => (
          <p key={l} className="scan-result-line">
            {l}
          </p>
        ))}
        <button ref={button} type="button" className="scan-result-next" onClick={onDismiss}>
          Tap to continue
        </button>
      </div>
    </div>
  );
}

const RESULT_WORDS: Record<string, string> = {
  valid: 'valid',
  duplicate: 'already checked in',
  invalid_token: 'invalid',
  wrong_gate: 'wrong gate',
  cancelled: 'cancelled',
  revoked: 're-issued (old copy)',
  not_yet_valid: 'not valid yet',
  expired: 'expired',
  exit: 'exit',
  reentry_not_allowed: 're-entry not allowed',
  not_inside: 'not inside',
  refused: 'refused: the scan time is not believable (check the phone clock)',
};

function Corrections({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  if (state.corrections.length === 0) return null;
  const tz = state.event?.timezone;
  return (
    <section className="card" aria-labelledby="corrections-title">
      <h2 id="corrections-title">Corrected after upload</h2>
      <p className="hint">The server decided these offline scans differently (the earliest scan of a ticket wins).</p>
      <ul className="scan-corrections">
        {state.corrections.map((c) => (
          <li key={c.nonce}>
            {formatScanTime(c.scannedAt, tz)}: shown <strong>{RESULT_WORDS[c.local] ?? c.local}</strong>, server says <strong>{RESULT_WORDS[c.server] ?? c.server}</strong>
            {c.server === 'duplicate' && c.first && <> — first scanned {describeParty(c.first, tz, Date.now(), state.device?.id)}</>}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void desk.dismissCorrections()}>
        Clear list
      </button>
    </section>
  );
}
