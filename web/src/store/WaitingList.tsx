/**
 * The waiting list on the storefront (docs/buyers.md "Waiting list"): the join form on a sold-out event or ticket
 * type (and in the waiting room once the event sold out; SMS/WhatsApp for the offer via PhoneChoice), the offer email's claim page (the held places with their
 * countdown; "Buy now" takes them to the event page's normal checkout) and the leave page.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api, ApiError, call, type Schemas } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import type { TicketType } from './cart';
import { formatClock } from './countdown';
import { humanHeaders, saveHumanPass, turnstileToken } from './human';
import { useI18n } from './I18n';
import { choiceBody, PhoneChoice, useChannelOffer, type PhoneChoiceValue } from './order/PhoneChoice';

type Joined = Schemas['JoinedWaitlist'];
type Offer = Schemas['WaitlistOffer'];

const query = () => new URLSearchParams(window.location.search);

/** Join form: the sold-out types to choose from ("any" when every type is sold out), email, name and quantity. */
export function WaitingListJoin({ eventId, types, buyer }: { eventId: string; types: readonly Pick<TicketType, 'id' | 'name' | 'available'>[]; buyer?: { name: string; email: string } }) {
  const { t, lang } = useI18n();
  const soldOut = types.filter((tt) => tt.available === 0);
  const everything = soldOut.length === types.length;
  const [typeId, setTypeId] = useState(everything ? '' : (soldOut[0]?.id ?? ''));
  // From the order page the buyer is known: their name and email are filled in (and can be changed).
  const [email, setEmail] = useState(buyer?.email ?? '');
  const [name, setName] = useState(buyer?.name ?? '');
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [joined, setJoined] = useState<Joined | null>(null);
  const channelOffer = useChannelOffer();
  const [phone, setPhone] = useState<PhoneChoiceValue>({ channel: null, phone: '', consent: false });
  if (!soldOut.length && types.length) return null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const human = humanHeaders(eventId);
      const token = human['Human-Pass'] ? undefined : await turnstileToken();
      const notify = choiceBody(phone, channelOffer, lang);
      const body = { email, name, quantity, ticketTypeId: typeId || null, locale: lang, ...(notify ? { notify } : {}), ...(token ? { turnstileToken: token } : {}) };
      setJoined(await call(api.POST('/api/v1/public/events/{eventId}/waitlist', { params: { path: { eventId } }, body, headers: human })));
    } catch (err) {
      setProblem(err instanceof ApiError ? err : null);
    } finally {
      setBusy(false);
    }
  }

  if (joined) {
    return (
      <section className="card waiting-list" aria-labelledby="waitlist-heading">
        <h2 id="waitlist-heading">{t.waitlist.joinTitle}</h2>
        <p role="status">{t.waitlist.joined(joined.position, joined.quantity)}</p>
      </section>
    );
  }
  return (
    <section className="card waiting-list" aria-labelledby="waitlist-heading">
      <h2 id="waitlist-heading">{t.waitlist.joinTitle}</h2>
      <p>{t.waitlist.joinIntro}</p>
      <ProblemBanner error={problem} fields={['email', 'name', 'quantity', 'notify.phone', 'notify.consent', 'notify.channel', 'notify.wordingVersion']} />
      <form onSubmit={submit}>
        {types.length > 0 && (
          <div className="field">
            <label htmlFor="waitlist-type">{t.waitlist.ticketType}</label>
            <select id="waitlist-type" value={typeId} onChange={(e) => setTypeId(e.target.value)}>
              {everything && <option value="">{t.waitlist.anyType}</option>}
              {soldOut.map((tt) => (
                <option key={tt.id} value={tt.id}>
                  {tt.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="waitlist-email">{t.waitlist.email}</label>
          <input id="waitlist-email" type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="waitlist-name">{t.waitlist.name}</label>
          <input id="waitlist-name" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="waitlist-quantity">{t.waitlist.quantity}</label>
          <input id="waitlist-quantity" type="number" min={1} max={50} required value={quantity} onChange={(e) => setQuantity(Number(e.target.value) || 1)} />
        </div>
        {channelOffer && channelOffer.available.length > 0 && <PhoneChoice offer={channelOffer} value={phone} onChange={setPhone} errors={problem?.fieldErrors() ?? {}} name="notify" purpose="waitlist" />}
        <button type="submit" className="primary" disabled={busy}>
          {t.waitlist.join}
        </button>
      </form>
    </section>
  );
}

/** The claim link's page: what is held, until when; "Buy now" hands the hold to the event page's checkout. */
export function WaitlistClaimPage({ entryId }: { entryId: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [offer, setOffer] = useState<Offer | null>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const q = query();
    call(api.GET('/api/v1/public/waitlist/{entryId}/offer', { params: { path: { entryId }, query: { hold: q.get('hold') ?? '', signature: q.get('signature') ?? '' } } }))
      .then(setOffer)
      .catch((err) => setProblem(err instanceof ApiError ? err : null));
  }, [entryId]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const left = offer ? Date.parse(offer.expiresAt) - now : 0;
  function buy() {
    if (!offer) return;
    saveHumanPass(offer.eventId, offer);
    // The event page takes the hold over (holds-api.ts restoreHolds) and checks it out as any hold of this tab.
    navigate(`/events/${encodeURIComponent(offer.eventId)}?hold=${encodeURIComponent(offer.holdId)}`);
  }
  return (
    <section className="page narrow">
      <section className="card" aria-labelledby="offer-heading">
        <h1 id="offer-heading">{t.waitlist.offerTitle}</h1>
        {problem && <p role="alert">{problem.code === 'waitlist_offer_lapsed' ? t.waitlist.lapsed : problem.status === 403 || problem.status === 404 ? t.waitlist.invalid : problem.message}</p>}
        {!offer && !problem && <p className="loading">{t.loading}</p>}
        {offer && offer.status === 'claimed' && <p>{t.waitlist.claimed}</p>}
        {offer && offer.status !== 'claimed' && (
          <>
            <p>{t.waitlist.offerIntro(offer.buyerName, offer.quantity)}</p>
            {offer.seats.length > 0 && (
              <p>
                {t.waitlist.seats}: {offer.seats.map((s) => s.split(':').slice(1).join(' ')).join(', ')}
              </p>
            )}
            {left > 0 ? (
              <>
                <p role="timer" aria-live="off">
                  {t.waitlist.heldFor} <strong>{formatClock(left)}</strong>
                </p>
                <button type="button" className="primary" onClick={buy}>
                  {t.waitlist.buyNow}
                </button>
              </>
            ) : (
              <p role="alert">{t.waitlist.lapsed}</p>
            )}
          </>
        )}
      </section>
    </section>
  );
}

/** The leave link's page: one button (opening the link changes nothing). */
export function WaitlistLeavePage({ entryId }: { entryId: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  async function leave() {
    try {
      await call(api.POST('/api/v1/public/waitlist/{entryId}/leave', { params: { path: { entryId }, query: { signature: query().get('signature') ?? '' } } }));
      setDone(true);
    } catch (err) {
      setProblem(err instanceof ApiError ? err : null);
    }
  }
  return (
    <section className="page narrow">
      <section className="card" aria-labelledby="leave-heading">
        <h1 id="leave-heading">{t.waitlist.leaveTitle}</h1>
        {problem && <p role="alert">{problem.status === 403 || problem.status === 404 ? t.waitlist.invalid : problem.message}</p>}
        {done ? (
          <p role="status">{t.waitlist.left}</p>
        ) : (
          <button type="button" onClick={leave}>
            {t.waitlist.leaveTitle}
          </button>
        )}
        <p>
          <Link href="/">{t.appName}</Link>
        </p>
      </section>
    </section>
  );
}
