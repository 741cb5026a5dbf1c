/**
 * "Lost your tickets? Email me my order links" (docs/buyers.md): on the event page, and on the page of an order link
 * that no longer works (for the event this browser showed last, last-event.ts). A disclosure button opens a one-field
 * form; the API answers the same 202 whether or not it found orders, so the page says the same thing either way.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError, call } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import { useI18n } from './I18n';
import { lastEvent, rememberEvent } from './last-event';

export function LostOrders({ eventId, eventName, startOpen = false, remember = false }: { eventId: string; eventName: string; startOpen?: boolean; remember?: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(startOpen);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // The event page keeps the event, so a dead order link later can still offer this form for its organizer.
  useEffect(() => {
    if (remember) rememberEvent({ id: eventId, name: eventName });
  }, [remember, eventId, eventName]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await call(api.POST('/api/v1/public/events/{eventId}/order-links', { params: { path: { eventId } }, body: { email: email.trim(), locale: lang } }));
      setSent(true);
    } catch (err) {
      setProblem(err instanceof ApiError ? err : null);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const emailError = problem?.fieldErrors().email;
  return (
    <section className="card lost-orders" aria-label={t.lostOrders.toggle}>
      <button type="button" className="lost-orders-toggle" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen((o) => !o)}>
        {t.lostOrders.toggle}
      </button>
      <div id={`${id}-panel`} hidden={!open}>
        {open &&
          (sent ? (
            <p role="status" className="banner ok">
              {t.lostOrders.sent}
            </p>
          ) : (
            <form onSubmit={submit}>
              {startOpen && <p>{t.lostOrders.forEvent(eventName)}</p>}
              <p>{t.lostOrders.intro}</p>
              <ProblemBanner error={problem} fields={['email']} correctFields={t.correctFields} />
              <div className={`field${emailError ? ' invalid' : ''}`}>
                <label htmlFor={`${id}-email`}>{t.lostOrders.email}</label>
                <input
                  ref={input}
                  id={`${id}-email`}
                  type="email"
                  required
                  autoComplete="email"
                  inputMode="email"
                  value={email}
                  aria-invalid={Boolean(emailError)}
                  aria-describedby={emailError ? `${id}-error` : undefined}
                  onChange={(e) => setEmail(e.target.value)}
                />
                {emailError && (
                  <small id={`${id}-error`} className="field-error">
                    {emailError}
                  </small>
                )}
              </div>
              <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
                {t.lostOrders.submit}
              </button>
            </form>
          ))}
      </div>
    </section>
  );
}

/** On the page of an order link that finds nothing: the form for the event this browser showed last, else the way to it. */
export function LostOrdersOnDeadLink() {
  const { t } = useI18n();
  const [event] = useState(() => lastEvent());
  if (!event) return <p>{t.lostOrders.openEventPage}</p>;
  return <LostOrders eventId={event.id} eventName={event.name} startOpen />;
}
