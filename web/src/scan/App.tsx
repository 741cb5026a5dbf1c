/**
 * The scanner app's screens: sign in with the device token, choose event, gate and operator, then check tickets
 * (camera or typed) with a full-screen result. The state lives in ScanDesk (desk.ts); this file wires the screens (top-bar, sign-in, setup, scanning) to it.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { ScanDesk } from './desk';
import { TopBar, type InstallPrompt } from './top-bar';
import { SignIn } from './sign-in';
import { Setup } from './setup';
import { Scanning } from './scanning';
import { DoubleAdmissionAlert } from './alerts';

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
        {state.device && <DoubleAdmissionAlert desk={desk} state={state} />}
        {!state.device ? <SignIn desk={desk} state={state} linkToken={linkToken ?? null} /> : !state.session ? <Setup desk={desk} state={state} /> : <Scanning desk={desk} state={state} />}
      </main>
    </div>
  );
}
