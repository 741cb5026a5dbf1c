/**
 * Cloudflare Turnstile's widget, for when the event page names a site key (docs/waiting-room.md): loads
 * https://challenges.cloudflare.com/turnstile/v0/api.js once (only then; the web shell's CSP allows that origin),
 * renders the widget explicitly, and hands its tokens to human.ts, which gives one to each request that needs a
 * check (a queue join, a hold without a pass). Without a site key nothing renders and the dummy token goes.
 */
import { useEffect, useRef } from 'react';
import { mountWidget } from './human';

const SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

type TurnstileApi = {
  render: (el: HTMLElement, options: Record<string, unknown>) => string;
  reset: (id: string) => void;
  remove: (id: string) => void;
};

let loading: Promise<TurnstileApi> | null = null;

function loadTurnstile(): Promise<TurnstileApi> {
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT;
    script.async = true;
    script.onload = () => {
      const api = (window as unknown as { turnstile?: TurnstileApi }).turnstile;
      if (api) resolve(api);
      else reject(new Error('Turnstile did not load'));
    };
    script.onerror = () => {
      loading = null;
      reject(new Error('Turnstile did not load'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

export function TurnstileWidget({ siteKey, label }: { siteKey: string; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const slot = mountWidget();
    let id: string | undefined;
    let api: TurnstileApi | undefined;
    let gone = false;
    loadTurnstile()
      .then((loaded) => {
        if (gone || !el.current) return;
        api = loaded;
        id = loaded.render(el.current, {
          sitekey: siteKey,
          callback: (token: string) => slot.onToken(token),
          'expired-callback': () => slot.onToken(null),
          'error-callback': () => slot.onToken(null),
        });
        slot.onReady(() => id !== undefined && loaded.reset(id));
      })
      .catch(() => slot.onToken(null));
    return () => {
      gone = true;
      slot.unmount();
      if (api && id !== undefined) api.remove(id);
    };
  }, [siteKey]);
  return <div className="turnstile" ref={el} role="group" aria-label={label} />;
}
