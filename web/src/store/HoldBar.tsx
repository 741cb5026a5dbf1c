/**
 * The hold countdown (mm:ss), sticky at the bottom of the screen on phones. Screen readers hear it once at one
 * minute left and once when it runs out, not every second. "Extend" asks for more time once; "Release" gives the
 * tickets back at once.
 */
import { useEffect, useRef, useState } from 'react';
import { announcementBetween, formatClock, URGENT_MS } from './countdown';
import { useI18n } from './I18n';

type Props = {
  expiresAt: number;
  extended: boolean;
  busy: boolean;
  onExtend: () => void;
  onRelease: () => void;
  onExpired: () => void;
};

export function HoldBar({ expiresAt, extended, busy, onExtend, onRelease, onExpired }: Props) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const [announce, setAnnounce] = useState('');
  const prev = useRef(expiresAt - Date.now());
  const expiredRef = useRef(onExpired);
  expiredRef.current = onExpired;

  useEffect(() => {
    prev.current = expiresAt - Date.now();
    const id = setInterval(() => {
      const n = Date.now();
      const left = expiresAt - n;
      const a = announcementBetween(prev.current, left);
      prev.current = left;
      setNow(n);
      if (a === 'oneMinute') setAnnounce(t.oneMinuteLeft);
      if (a === 'expired' || left <= 0) {
        clearInterval(id);
        expiredRef.current();
      }
    }, 250);
    return () => clearInterval(id);
  }, [expiresAt, t.oneMinuteLeft]);

  const left = expiresAt - now;
  return (
    <div className={`hold-bar${left <= URGENT_MS ? ' urgent' : ''}`}>
      <p className="hold-clock">
        <span>{t.heldFor}</span>{' '}
        <time role="timer" aria-live="off" dateTime={`PT${Math.max(0, Math.ceil(left / 1000))}S`}>
          {formatClock(left)}
        </time>
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <div className="hold-actions">
        <button type="button" onClick={onExtend} disabled={extended || busy}>
          {extended ? t.extended : t.extend}
        </button>
        <button type="button" className="danger" onClick={onRelease} disabled={busy}>
          {t.release}
        </button>
      </div>
    </div>
  );
}
