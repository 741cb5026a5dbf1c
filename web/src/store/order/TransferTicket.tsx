/**
 * Transferring one ticket, from the order page or a recipient's ticket page: a "Transfer" button per ticket opens a
 * small form (the recipient's name, email, optional phone); on success the ticket shows "transferred to …" and its QR
 * is gone here. The button shows only while the event's policy lets transfers happen (GET …/transfer-policy).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, call, idempotencyKey, type Schemas } from '../../api/client';
import { Input, ProblemBanner, SubmitButton, useForm } from '../../ui/forms';
import { useI18n } from '../I18n';

type Policy = Schemas['PublicTransferPolicy'];
/** Where the transfer is made from: the buyer's order link, or a recipient's own ticket link. */
export type TransferSource = { kind: 'order'; accessToken: string; ticketId: string } | { kind: 'ticket'; ticketToken: string };

/** The event's transfer policy, once per page (shared by every ticket's button). */
const policies = new Map<string, Promise<Policy | null>>();
export function useTransferPolicy(eventId: string | undefined) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    if (!eventId) return;
    let p = policies.get(eventId);
    if (!p) {
      p = call(api.GET('/api/v1/public/events/{eventId}/transfer-policy', { params: { path: { eventId } } })).catch(() => null);
      policies.set(eventId, p);
    }
    void p.then(setPolicy);
  }, [eventId]);
  return policy;
}

/** "Transferred to Pieter Botha on …": what stands where the QR code was. */
export function TransferredNote({ to, tz }: { to: { name: string; transferredAt: string }; tz: string }) {
  const { t, dateTime } = useI18n();
  return (
    <p className="banner" role="note">
      {t.transferredTo(to.name, dateTime(to.transferredAt, tz, { dateStyle: 'medium', timeStyle: 'short' }))}
    </p>
  );
}

/** `transferred`: the ticket has left this holder (the form is gone; a confirmation just made stays). */
type Props = { source: TransferSource; label: string; transferred: boolean; policy: Policy | null; tz: string; onDone: () => void };

export default function TransferTicket({ source, label, transferred, policy, tz, onDone }: Props) {
  const { t, lang, dateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const form = useForm({ name: '', email: '', phone: '' });
  const keyRef = useRef<string | null>(null);
  const headingId = useId();
  const firstField = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) firstField.current?.querySelector('input')?.focus();
  }, [open]);

  if (done) {
    return (
      <p className="banner ok" role="status">
        {t.transferDone(done)}
      </p>
    );
  }
  if (transferred || !policy?.open) return null;

  const send = (e: FormEvent) =>
    void form.submit(async (v) => {
      keyRef.current ??= idempotencyKey();
      const body = { name: v.name, email: v.email, ...(v.phone.trim() ? { phone: v.phone } : {}), locale: lang };
      const headers = { 'Idempotency-Key': keyRef.current };
      const result =
        source.kind === 'order'
          ? await call(api.POST('/api/v1/public/orders/{accessToken}/tickets/{ticketId}/transfer', { params: { path: { accessToken: source.accessToken, ticketId: source.ticketId } }, body, headers }))
          : await call(api.POST('/api/v1/public/tickets/{ticketToken}/transfer', { params: { path: { ticketToken: source.ticketToken } }, body, headers }));
      keyRef.current = null;
      setDone(result.transferredTo.name);
      setOpen(false);
      onDone();
    }, e);

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" onClick={() => setOpen(true)}>
          {/* The visible word starts the accessible name (axe: label-content-name-mismatch), the ticket completes it. */}
          {t.transferAction}
          <span className="visually-hidden"> {label}</span>
        </button>
        <small className="hint">{t.transfersUntil(dateTime(policy.closesAt, tz, { dateStyle: 'medium', timeStyle: 'short' }))}</small>
      </div>
    );
  }
  return (
    <form className="transfer-form" aria-labelledby={headingId} onSubmit={send} noValidate>
      <h4 id={headingId}>{t.transferTicketLabel(label)}</h4>
      <p className="hint">{t.transferIntro}</p>
      <ProblemBanner correctFields={t.correctFields} error={form.problem} fields={['name', 'email', 'phone']} />
      <div ref={firstField}>
        <Input form={form} name="name" label={t.transferName} autoComplete="off" required />
      </div>
      <Input form={form} name="email" label={t.transferEmail} type="email" autoComplete="off" required />
      <Input form={form} name="phone" label={t.transferPhone} type="tel" autoComplete="off" />
      <div className="toolbar">
        <SubmitButton busy={form.busy}>{t.transferSubmit}</SubmitButton>
        <button type="button" onClick={() => setOpen(false)}>
          {t.transferCancel}
        </button>
      </div>
    </form>
  );
}
