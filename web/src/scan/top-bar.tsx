/** The scanner's top bar: device name, network badge, install and sign-out buttons. */
import { useEffect, useState } from 'react';
import type { DeskState, ScanDesk } from './desk';
import { plural } from '../ui/plural';

export type InstallPrompt = Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: string }> };

export function TopBar({ desk, state, installPrompt }: { desk: ScanDesk; state: DeskState; installPrompt: () => InstallPrompt | null }) {
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
    if (state.pending > 0 && !window.confirm(`${plural(state.pending, 'scan has', 'scans have')} not been uploaded yet. Signing out deletes them from this phone. Sign out anyway?`)) return;
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
