/** The list of offline scans the server decided differently after upload. */
import type { DeskState, ScanDesk } from './desk';
import { describeParty, formatScanTime } from './screen';

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

export function Corrections({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  if (state.corrections.length === 0) return null;
  const tz = state.event?.timezone;
  return (
    <section className="card" aria-labelledby="corrections-title">
      <h2 id="corrections-title">Corrected after upload</h2>
      <p className="hint">The server decided these offline scans differently (the earliest scan of a ticket wins).</p>
      <ul className="scan-corrections">
        {state.corrections.map((c) => (
          <li key={c.nonce} className={c.alert ? 'is-alert' : undefined}>
            {c.alert && <strong>Let in on a used ticket: </strong>}
            {formatScanTime(c.scannedAt, tz)}: shown <strong>{RESULT_WORDS[c.local] ?? c.local}</strong>, server says <strong>{RESULT_WORDS[c.server] ?? c.server}</strong>
            {c.server === 'duplicate' && c.first && <> — first scanned {describeParty(c.first, tz, Date.now(), state.device?.id)}</>}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void desk.dismissCorrections()} disabled={state.alerts.length > 0} aria-describedby={state.alerts.length > 0 ? 'corrections-alert-hint' : undefined}>
        Clear list
      </button>
      {state.alerts.length > 0 && (
        <p id="corrections-alert-hint" className="hint">
          Acknowledge the alert at the top of the page first.
        </p>
      )}
    </section>
  );
}
