/**
 * /orders/return/{orderId}: where the payment provider sends the buyer back (src/domains/orders/checkout.ts gives it
 * only the order's id). The order's link was kept in this browser before leaving (order-return.ts): take it and go
 * on to the order page with the provider's answer; without it, say where the link will come from.
 */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from './I18n';
import { takeOrderLink } from './order-return';

export default function OrderReturn({ orderId }: { orderId: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [missing, setMissing] = useState(false);
  const search = typeof location === 'undefined' ? '' : location.search;
  const paid = new URLSearchParams(search).get('paid') === '1';
  useEffect(() => {
    const accessToken = takeOrderLink(orderId);
    if (accessToken) navigate(`/orders/${encodeURIComponent(accessToken)}${search}`, { replace: true });
    else setMissing(true);
  }, [orderId, navigate, search]);
  if (!missing) return <p className="loading">{t.loading}</p>;
  return (
    <section className="card" aria-labelledby="return-heading">
      <h1 id="return-heading">{paid ? t.returnPaidTitle : t.returnCancelledTitle}</h1>
      <p>{paid ? t.returnPaidNoLink : t.returnCancelledNoLink}</p>
      <Link href="/">{t.goHome}</Link>
    </section>
  );
}
