/** Scanning: camera or typed codes, the counts, and the full-screen result of each check. */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { cameraSupported, CameraScanner } from './camera';
import { DeskError, type DeskState, type ScanDesk } from './desk';
import { playFeedback, unlockAudio } from './feedback';
import { formatScanTime, screenFor, type ResultScreen } from './screen';
import type { Direction, Verdict } from './types';
import { useLiveCounts } from './live-counts-hook';
import { ResultOverlay } from './result-overlay';
import { Corrections } from './corrections';
import { plural } from '../ui/plural';

const AUTO_DISMISS_MS: Record<ResultScreen['tone'], number> = { valid: 2_000, duplicate: 3_000, invalid: 3_000 };

export function Scanning({ desk, state }: { desk: ScanDesk; state: DeskState }) {
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
          <dt>Already checked in</dt>
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
        <span>
          {state.pending === 0 ? 'All scans uploaded' : `${plural(state.pending, 'scan')} waiting to upload`}
          {state.alerts.length > 0 && <strong className="field-error"> · {plural(state.alerts.length, 'alert')} to acknowledge (top of the page)</strong>}
        </span>
        <span>Last sync: {event?.syncedAt ? formatScanTime(event.syncedAt, event.timezone) : 'never'}</span>
        {event && <span>{event.ready ? `${plural(event.tickets, 'ticket')} on this phone` : 'Ticket list not downloaded: offline checks impossible'}</span>}
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
