/**
 * The alert for a double admission: an offline scan this phone showed as valid turned out, on upload, to be a
 * ticket another gate had already let in. It sits at the top of every screen (sticky, above the fold), is announced
 * (role="alert"), sounds and vibrates when it arrives, and stays until someone taps "I have seen this": the gate
 * supervisor needs to know someone may be inside without a ticket of their own.
 */
import { useEffect, useRef } from 'react';
import type { DeskState, ScanDesk } from './desk';
import { playAlarm } from './feedback';
import { describeParty, formatScanTime } from './screen';
import { plural } from '../ui/plural';

export function DoubleAdmissionAlert({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  const alerts = state.alerts;
  const seen = useRef(alerts.length);
  const heading = useRef<HTMLHeadingElement>(null);
  // A new alert sounds (when the gate has sound on) and vibrates, once per arrival, and takes the eye to the top.
  useEffect(() => {
    if (alerts.length > seen.current) {
      playAlarm({ sound: localStorage.getItem('vgscan:sound') !== 'off' });
      heading.current?.scrollIntoView({ block: 'start' });
    }
    seen.current = alerts.length;
  }, [alerts.length]);
  if (alerts.length === 0) return null;
  const tz = state.event?.timezone;
  return (
    <section className="scan-alert" role="alert" aria-labelledby="scan-alert-title">
      <h2 id="scan-alert-title" ref={heading}>
        {alerts.length === 1 ? 'Someone was let in on a ticket already used' : `${alerts.length} people were let in on tickets already used`}
      </h2>
      <p>
        {alerts.length === 1 ? 'A ticket this phone admitted offline had' : `${plural(alerts.length, 'ticket')} this phone admitted offline had`} already been
        checked in at another gate. Tell your supervisor.
      </p>
      <ul>
        {alerts.map((a) => (
          <li key={a.nonce}>
            Let in here at {formatScanTime(a.scannedAt, tz)}
            {a.first && <> · first checked in {describeParty(a.first, tz, Date.now(), state.device?.id)}</>}
            {a.ticketId && <> · ticket {a.ticketId}</>}
          </li>
        ))}
      </ul>
      <button type="button" className="primary" onClick={() => void desk.acknowledgeAlerts()}>
        I have seen this
      </button>
    </section>
  );
}
