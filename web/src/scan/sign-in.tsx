/** Sign in: the device token (typed, pasted or from the set-up link). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Input, ProblemBanner, SubmitButton, useForm } from '../ui/forms';
import { cameraSupported, CameraScanner } from './camera';
import type { DeskState, ScanDesk } from './desk';
import { looksLikeDeviceToken } from './device-token';
import { unlockAudio } from './feedback';
import { plural } from '../ui/plural';

export function SignIn({ desk, state, linkToken }: { desk: ScanDesk; state: DeskState; linkToken: string | null }) {
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
          {plural(state.pending, 'scan', 'scans')} made on this phone {state.pending === 1 ? 'is' : 'are'} waiting to upload; they go up once a device of the same organizer signs in.
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
