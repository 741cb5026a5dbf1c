/** The full-screen result of one check. */
import { useEffect, useRef } from 'react';
import type { ResultScreen } from './screen';
import type { Verdict } from './types';

export function ResultOverlay({ result, onDismiss }: { result: { verdict: Verdict; screen: ResultScreen }; onDismiss: () => void }) {
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
