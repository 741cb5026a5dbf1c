/**
 * Checkout for the held tickets: the price quote (per ticket and in total: pricing rules, coupon, fees, VAT,
 * donation), the buyer's details and optional attendee names, then POST checkout with an Idempotency-Key (the same
 * key when the buyer retries after a network failure) and on to the payment page, or straight to the order when
 * nothing is due.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, call, idempotencyKey, parseMoney, type Schemas, asApiError } from '../api/client';
import { Field, Input, ProblemBanner, useForm } from '../ui/forms';
import { quoteItems, ticketSlots, type Hold } from './cart';
import { seatText } from './labels';
import { useI18n } from './I18n';
import { keepOrderLink } from './order-return';
import { humanHeaders } from './human';
import { admissionHeaders, isAdmissionRequired } from './queue';
import { choiceBody, PhoneChoice, useChannelOffer, type PhoneChoiceValue } from './order/PhoneChoice';

type Quote = Schemas['Quote'];
type PublicEvent = Schemas['PublicEvent'];

type Props = {
  eventId: string;
  event: PublicEvent;
  holds: Hold[];
  /** Section key → name, from the seat map (seats are named by it). */
  sectionNames?: ReadonlyMap<string, string>;
  onStarted: () => void;
  /** The access code that unlocked hidden ticket types on the event page: applied as the coupon from the start. */
  accessCode?: string;
  /** A quote or checkout answered 403 `admission_required`: the admission is gone, back to the queue. */
  onAdmissionRequired?: () => void;
};

export default function Checkout({ eventId, event, holds, sectionNames, onStarted, accessCode, onAdmissionRequired }: Props) {
  const admissionLost = useRef(onAdmissionRequired);
  admissionLost.current = onAdmissionRequired;
  const { t, lang, money } = useI18n();
  const [, navigate] = useLocation();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<ApiError | null>(null);
  const [couponText, setCouponText] = useState(accessCode ?? '');
  const [coupon, setCoupon] = useState<string | undefined>(accessCode);
  const [couponError, setCouponError] = useState<string | undefined>(undefined);
  const [donationText, setDonationText] = useState('');
  const [donationError, setDonationError] = useState<string | undefined>(undefined);
  const [attendees, setAttendees] = useState<Record<string, string>>({});
  const [redirecting, setRedirecting] = useState(false);
  const channelOffer = useChannelOffer();
  const [phone, setPhone] = useState<PhoneChoiceValue>({ channel: null, phone: '', consent: false });
  const keyRef = useRef<string | null>(null);
  const currency = event.ticketTypes[0]?.currency ?? 'ZAR';
  const donationMinor = useMemo(() => (donationText.trim() ? parseMoney(donationText, quote?.currency ?? currency) : 0), [donationText, quote, currency]);
  const [appliedDonation, setAppliedDonation] = useState(0);
  const form = useForm(savedBuyer());
  const formEl = useRef<HTMLFormElement>(null);
  // What the buyer typed survives a trip to the payment page and back (or a lapsed hold): kept for this tab only.
  useEffect(() => saveBuyer(form.values), [form.values]);
  // After a refused attempt, the focus goes to the first field to correct (its error is read out with it).
  useEffect(() => {
    if (Object.keys(form.errors).length) formEl.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form.errors]);
  const slots = useMemo(() => ticketSlots(holds), [holds]);
  const items = useMemo(() => quoteItems(holds), [holds]);

  // The quote follows the holds, the applied coupon and the donation.
  useEffect(() => {
    let cancelled = false;
    setQuoteError(null);
    call(
      api.POST('/api/v1/public/events/{eventId}/quote', {
        params: { path: { eventId } },
        headers: { ...admissionHeaders(eventId), ...humanHeaders(eventId) },
        body: { items, ...(coupon ? { couponCode: coupon } : {}), ...(appliedDonation > 0 ? { donationMinor: appliedDonation } : {}) },
      }),
    )
      .then((q) => {
        if (cancelled) return;
        setQuote(q);
        if (coupon) setCouponError(undefined);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        const err = asApiError(e);
        if (isAdmissionRequired(err)) return admissionLost.current?.();
        const fields = err.fieldErrors();
        if (coupon && fields.couponCode) {
          // The code is refused: say why beside the field and price without it.
          setCouponError(fields.couponCode);
          setCoupon(undefined);
        } else if (fields.donationMinor) {
          setDonationError(fields.donationMinor);
          setAppliedDonation(0);
        } else setQuoteError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [eventId, items, coupon, appliedDonation]);

  const applyCoupon = () => {
    const code = couponText.trim();
    setCouponError(undefined);
    setCoupon(code || undefined);
  };

  const applyDonation = () => {
    if (donationMinor === null || donationMinor < 0) {
      setDonationError(t.invalidAmount);
      return;
    }
    setDonationError(undefined);
    setAppliedDonation(donationMinor);
  };

  const typeName = (id: string) => event.ticketTypes.find((x) => x.id === id)?.name ?? '';
  const slotLabel = (s: (typeof slots)[number]) => (s.seatId ? `${seatText(s.seatId, t, sectionNames)} (${typeName(s.ticketTypeId)})` : `${typeName(s.ticketTypeId)} ${(s.index ?? 0) + 1}`);

  const submit = (e: FormEvent) =>
    void form.submit(async (v) => {
      if (donationMinor === null) {
        setDonationError(t.invalidAmount);
        return;
      }
      keyRef.current ??= idempotencyKey();
      const names = slots
        .map((s) => ({ s, name: (attendees[s.key] ?? '').trim() }))
        .filter((x) => x.name)
        .map(({ s, name }) => ({ holdId: s.holdId, ...(s.seatId ? { seatId: s.seatId } : { index: s.index ?? 0 }), name }));
      let started: Schemas['CheckoutStarted'];
      try {
        started = await call(
          api.POST('/api/v1/public/events/{eventId}/checkout', {
            params: { path: { eventId } },
            headers: { 'Idempotency-Key': keyRef.current, ...admissionHeaders(eventId) },
            body: {
              holds: holds.map((h) => h.id),
              buyer: { name: v.name.trim(), email: v.email.trim() },
              ...(names.length ? { attendees: names } : {}),
              ...(coupon ? { couponCode: coupon } : {}),
              ...(donationMinor > 0 ? { donationMinor } : {}),
              locale: lang,
              ...(choiceBody(phone, channelOffer, lang) ? { notify: choiceBody(phone, channelOffer, lang) } : {}),
            },
          }),
        );
      } catch (err) {
        // The server answered (it did not take the order): the next attempt is a new request with a new key.
        // A network failure keeps the key, so a retry can't create a second order.
        if (err instanceof ApiError && err.status !== 0 && err.status < 500) keyRef.current = null;
        if (isAdmissionRequired(err)) admissionLost.current?.();
        if (err instanceof ApiError && err.fieldErrors().couponCode) setCouponError(err.fieldErrors().couponCode);
        // The retry of a checkout whose answer was lost: the order exists, but its link (a secret) is never replayed.
        if (err instanceof ApiError && err.code === 'idempotency_secret_not_replayable') {
          // Ask for the link by email (the holds and the email prove it is this buyer's order); the answer is the same either way.
          await call(
            api.POST('/api/v1/public/events/{eventId}/checkout/resend-link', { params: { path: { eventId } }, body: { holds: holds.map((h) => h.id), email: v.email.trim() } }),
          ).catch(() => undefined);
          throw new ApiError({ ...err.problem, detail: t.checkoutAlreadyPlaced(v.email.trim()) });
        }
        throw err;
      }
      onStarted();
      if (started.payment) {
        setRedirecting(true);
        keepOrderLink(started.order.id, started.accessToken);
        window.location.assign(started.payment.redirectUrl);
      } else navigate(`/orders/${encodeURIComponent(started.accessToken)}`);
    }, e);

  const q = quote;
  const cur = q?.currency ?? currency;
  const free = q ? q.totals.totalMinor === 0 : false;

  return (
    <section className="card checkout" aria-labelledby="checkout-heading">
      <h2 id="checkout-heading">{t.checkout}</h2>
      {quoteError && <ProblemBanner error={quoteError} />}
      {!q ? (
        <p className="loading" role="status">
          {t.quoteLoading}
        </p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="quote lines">
            <caption className="visually-hidden">{t.perTicket}</caption>
            <thead>
              <tr>
                <th scope="col">{t.ticketCol}</th>
                <th scope="col" className="num">
                  {t.priceCol}
                </th>
                {q.totals.buyerFeeMinor > 0 && (
                  <th scope="col" className="num">
                    {t.feesCol}
                  </th>
                )}
                <th scope="col" className="num">
                  {t.totalCol}
                </th>
              </tr>
            </thead>
            <tbody>
              {q.items.map((it, i) => (
                <tr key={`${it.ticketTypeId}-${it.seatId ?? i}`}>
                  <td>
                    {it.seatId ? seatText(it.seatId, t, sectionNames) : it.ticketTypeName}
                    {it.seatId && <div className="hint">{it.ticketTypeName}</div>}
                    {it.appliedRule && <div className="hint">{it.appliedRule.name}</div>}
                  </td>
                  <td className="num" data-label={t.priceCol}>
                    {it.unitPriceMinor !== it.basePriceMinor && <s className="hint">{money(it.basePriceMinor, cur)}</s>} {money(it.unitPriceMinor, cur)}
                    {it.discountMinor > 0 && <div className="hint">−{money(it.discountMinor, cur)}</div>}
                  </td>
                  {q.totals.buyerFeeMinor > 0 && (
                    <td className="num" data-label={t.feesCol}>
                      {money(it.buyerFeeMinor, cur)}
                    </td>
                  )}
                  <td className="num" data-label={t.totalCol}>
                    {money(it.totalMinor, cur)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="totals">
            <dt>{t.subtotal}</dt>
            <dd>{money(q.totals.subtotalMinor, cur)}</dd>
            {q.totals.discountMinor > 0 && (
              <>
                <dt>{t.discount}</dt>
                <dd>−{money(q.totals.discountMinor, cur)}</dd>
              </>
            )}
            {q.totals.buyerFeeMinor > 0 && (
              <>
                <dt>{t.bookingFee}</dt>
                <dd>{money(q.totals.buyerFeeMinor, cur)}</dd>
              </>
            )}
            {q.totals.vatMinor > 0 && (
              <>
                <dt>{t.vat(formatRate(q.vat.rateBps), q.vat.mode === 'inclusive')}</dt>
                <dd>{money(q.totals.vatMinor, cur)}</dd>
              </>
            )}
            {q.totals.donationMinor > 0 && (
              <>
                <dt>{t.donation}</dt>
                <dd>{money(q.totals.donationMinor, cur)}</dd>
              </>
            )}
            <dt className="grand">{t.total}</dt>
            <dd className="grand">{money(q.totals.totalMinor, cur)}</dd>
          </dl>
        </div>
      )}

      <div className="row">
        <Field label={t.couponCode} error={couponError} hint={coupon && !couponError ? t.couponApplied(coupon) : undefined}>
          {(a) => (
            <div className="inline-field">
              <input
                {...a}
                name="couponCode"
                autoComplete="off"
                value={couponText}
                onChange={(e) => setCouponText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    applyCoupon();
                  }
                }}
              />
              <button type="button" onClick={applyCoupon}>
                {t.apply}
              </button>
            </div>
          )}
        </Field>
        <Field label={t.donationLabel} error={donationError} hint={t.donationHint}>
          {(a) => (
            <div className="inline-field">
              <input
                {...a}
                name="donation"
                inputMode="decimal"
                value={donationText}
                onChange={(e) => setDonationText(e.target.value)}
                onBlur={applyDonation}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    applyDonation();
                  }
                }}
              />
              <button type="button" onClick={applyDonation}>
                {t.apply}
              </button>
            </div>
          )}
        </Field>
      </div>

      <form ref={formEl} onSubmit={submit} noValidate>
        <h3>{t.buyerDetails}</h3>
        <Input form={form} name="name" label={t.fullName} autoComplete="name" required errorKey="buyer.name" />
        <Input form={form} name="email" label={t.email} type="email" autoComplete="email" required errorKey="buyer.email" hint={t.emailHint} />
        {slots.length > 0 && (
          <details className="attendees">
            <summary>{t.attendeeNames}</summary>
            {slots.map((s, i) => (
              <Field key={s.key} label={t.attendeeFor(slotLabel(s))} error={form.errors[`attendees.${i}.name`]}>
                {(a) => <input {...a} autoComplete="off" value={attendees[s.key] ?? ''} onChange={(e) => setAttendees((x) => ({ ...x, [s.key]: e.target.value }))} />}
              </Field>
            ))}
          </details>
        )}
        {channelOffer && channelOffer.available.length > 0 && <PhoneChoice offer={channelOffer} value={phone} onChange={setPhone} errors={form.errors} name="notify" />}
        <ProblemBanner correctFields={t.correctFields} error={form.problem} fields={['buyer.name', 'buyer.email', 'couponCode', 'donationMinor', 'notify.phone', 'notify.consent', 'notify.channel', 'notify.wordingVersion', ...slots.map((_, i) => `attendees.${i}.name`)]} />
        {redirecting && (
          <p className="banner" role="status">
            {t.redirecting}
          </p>
        )}
        <button type="submit" className="primary big" disabled={form.busy || redirecting || !q} aria-busy={form.busy}>
          {free ? t.getFreeTickets : t.payNow}
        </button>
      </form>
    </section>
  );
}

const BUYER_KEY = 'voelgoed.checkout.buyer';

function savedBuyer(): { name: string; email: string } {
  try {
    const v = JSON.parse(sessionStorage.getItem(BUYER_KEY) ?? 'null') as { name?: unknown; email?: unknown } | null;
    return { name: typeof v?.name === 'string' ? v.name : '', email: typeof v?.email === 'string' ? v.email : '' };
  } catch {
    return { name: '', email: '' };
  }
}

function saveBuyer(v: { name: string; email: string }) {
  try {
    sessionStorage.setItem(BUYER_KEY, JSON.stringify({ name: v.name, email: v.email }));
  } catch {
    // Storage off (private mode): nothing kept.
  }
}

function formatRate(bps: number): string {
  return (bps / 100).toLocaleString('en', { maximumFractionDigits: 2 });
}
