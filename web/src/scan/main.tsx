/**
 * The scanner app (/scan/): an installable PWA for gate staff phones. Opens the device's store, takes a token from
 * the sign-in link's fragment (`/scan/#token=vgd_…`, removed from the address bar at once), registers the service
 * worker (public/scan/sw.js, scope /scan/) so the app opens offline, and keeps the browser's install prompt for the
 * "Install app" button.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useBearerToken } from '../api/client';
import '../ui/base.css';
import { deviceApi } from './api';
import { App } from './App';
import { ScanDesk } from './desk';
import { hashWithoutToken, tokenFromHash } from './device-token';
import { openStore } from './idb-store';
import './scan.css';

type InstallPrompt = Event & { prompt(): Promise<void>; userChoice: Promise<{ outcome: string }> };
let installPrompt: InstallPrompt | null = null;
window.addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  installPrompt = e as InstallPrompt;
  window.dispatchEvent(new Event('vg-install-available'));
});
window.addEventListener('appinstalled', () => {
  installPrompt = null;
});

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/scan/sw.js', { scope: '/scan/' }).catch((e) => console.warn('Service worker not registered', e));
  });
}

async function start() {
  // The token in the link's fragment: read it, then take it out of the address bar and the history.
  const linkToken = tokenFromHash(location.hash);
  if (linkToken) history.replaceState(null, '', `${location.pathname}${location.search}${hashWithoutToken(location.hash)}`);

  const store = await openStore();
  const desk = new ScanDesk({ api: deviceApi, store, setToken: useBearerToken, networkUp: () => navigator.onLine });
  await desk.load();
  if (desk.getState().device) {
    void desk.refreshDevice();
    void desk.sync();
  }

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App desk={desk} installPrompt={() => installPrompt} linkToken={linkToken} />
    </StrictMode>,
  );

  // Fetch the camera decoder while idle, through the service worker (once it controls the page) so it is cached
  // for offline use: its chunk is not linked from index.html, so the worker cannot precache it.
  const idle = (window as unknown as { requestIdleCallback?: (fn: () => void) => void }).requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 3_000));
  const warm = () => idle(() => void import('jsqr').catch(() => undefined));
  if (!('serviceWorker' in navigator) || navigator.serviceWorker.controller) warm();
  else navigator.serviceWorker.addEventListener('controllerchange', warm, { once: true });
}

void start();
