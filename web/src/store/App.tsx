/** The storefront shell: header with the language switcher, and the three routes. */
import { WaitlistClaimPage, WaitlistLeavePage } from './WaitingList';
import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { EventPage } from './EventPage';
import { I18nProvider, LanguageSwitcher, useI18n } from './I18n';

const OrderPage = lazy(() => import('./OrderPage'));
const OrderReturn = lazy(() => import('./OrderReturn'));
const TicketPage = lazy(() => import('./order/TicketPage'));

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="store-header">
        <Link href="/" className="brand">
          {t.appName}
        </Link>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1} className="store-main">
        <Suspense fallback={<p className="loading">{t.loading}</p>}>
          <Switch>
            <Route path="/">
              <Landing />
            </Route>
            <Route path="/events/:eventId">{(p) => <EventPage key={p.eventId} eventId={p.eventId} />}</Route>
            <Route path="/orders/return/:orderId">{(p) => <OrderReturn key={p.orderId} orderId={p.orderId} />}</Route>
            <Route path="/waitlist/:entryId/leave">{(p) => <WaitlistLeavePage key={p.entryId} entryId={p.entryId} />}</Route>
            <Route path="/waitlist/:entryId">{(p) => <WaitlistClaimPage key={p.entryId} entryId={p.entryId} />}</Route>
            <Route path="/tickets/:ticketToken">{(p) => <TicketPage key={p.ticketToken} ticketToken={p.ticketToken} />}</Route>
            <Route path="/orders/:accessToken">{(p) => <OrderPage key={p.accessToken} accessToken={p.accessToken} />}</Route>
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}

function Landing() {
  const { t } = useI18n();
  return (
    <section className="landing">
      <h1>{t.landingTitle}</h1>
      <p className="lead">{t.landingIntro}</p>
      <div className="card">
        <p>{t.landingBuyers}</p>
      </div>
      <div className="card">
        <p>{t.landingOrganizers}</p>
        <a className="button primary" href="/admin/">
          {t.landingAdminLink}
        </a>
      </div>
    </section>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <Link href="/">{t.goHome}</Link>
    </section>
  );
}
