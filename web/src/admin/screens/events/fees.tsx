/** The platform fee in force for the organization (GET /orgs/{orgId}/fee-policy), with a worked example. */
import { api, call, formatMoney } from '../../../api/client';
import { useOrg } from '../../session';
import { feeSplit, formatBps } from './fee-math';
import { LoadError, useLoad } from '../../../ui/load';

const SOURCE: Record<string, string> = {
  organization: 'Agreed for your organization',
  platform: 'The platform default for this currency',
  built_in: 'The standard platform fee',
};

export function FeePolicyCard({ examplePriceMinor }: { examplePriceMinor?: number }) {
  const { orgId, organization } = useOrg();
  const locale = organization.settings.locale;
  const policy = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/fee-policy', { params: { path: { orgId } } })), [orgId]);
  const p = policy.data;
  return (
    <section className="card" aria-labelledby="fees-heading">
      <h2 id="fees-heading" style={{ marginTop: 0 }}>
        Fees
      </h2>
      <LoadError error={policy.error} />
      {!p && !policy.error && <p className="loading">Loading the fee policy…</p>}
      {p && (
        <>
          <dl className="facts">
            <dt>Platform fee per ticket</dt>
            <dd>
              {formatBps(p.percentBps, locale)} + {formatMoney(p.fixedMinor, p.currency, locale)}
              {p.capMinor !== null ? `, at most ${formatMoney(p.capMinor, p.currency, locale)}` : ', no cap'}
            </dd>
            <dt>Paid by</dt>
            <dd>{p.payer === 'buyer' ? 'The buyer, on top of the ticket price (buyer fee)' : 'You, deducted from your payout (organizer fee)'}</dd>
            <dt>Free tickets</dt>
            <dd>No fee</dd>
            <dt>Policy</dt>
            <dd>
              {SOURCE[p.source] ?? p.source} ({p.currency})
            </dd>
          </dl>
          {(() => {
            const price = examplePriceMinor && examplePriceMinor > 0 ? examplePriceMinor : 10_000;
            const s = feeSplit(price, p);
            return (
              <p className="hint">
                Example: a {formatMoney(price, p.currency, locale)} ticket carries a {formatMoney(s.feeMinor, p.currency, locale)} fee — the buyer pays{' '}
                {formatMoney(s.buyerPaysMinor, p.currency, locale)} and you receive {formatMoney(s.organizerGetsMinor, p.currency, locale)} (before VAT).
              </p>
            );
          })()}
        </>
      )}
    </section>
  );
}
