/** Settlement tab: what the event took in, paid back and owes the organizer, per currency (GET …/settlement). */
import { api, call, formatMoney, type Schemas } from '../../../api/client';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { LoadError, useLoad } from '../../../ui/load';
import { FreshnessNote } from '../../reports/freshness';

export function useSettlement(eventId: string, enabled = true) {
  const { orgId } = useOrg();
  return useLoad(
    () => (enabled ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/settlement', { params: { path: { orgId, eventId } } })) : Promise.resolve(null as Schemas['SettlementReport'] | null)),
    [orgId, eventId, enabled],
  );
}

export function Settlement() {
  const { event } = useEvent();
  const { organization } = useOrg();
  const s = useSettlement(event.id);
  const locale = organization.settings.locale;
  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Settlement</h2>
        <button type="button" onClick={s.reload} disabled={s.loading}>
          Refresh
        </button>
      </div>
      <LoadError error={s.error} />
      {s.data && (
        <>
          <FreshnessNote freshness={s.data.freshness} />
          <p>
            Orders: {s.data.orders.paid} paid, {s.data.orders.partiallyRefunded} partly refunded, {s.data.orders.refunded} refunded.
          </p>
          {s.data.currencies.length === 0 && <p className="hint">No money has moved for this event yet.</p>}
          {s.data.currencies.map((c) => {
            const m = (v: number) => formatMoney(v, c.currency, locale);
            return (
              <section key={c.currency} className="card" aria-label={`Settlement in ${c.currency}`}>
                <h3 style={{ marginTop: 0 }}>{c.currency}</h3>
                <table className="money-table">
                  <tbody>
                    <tr>
                      <th scope="row">Gross received</th>
                      <td>{m(c.grossReceivedMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Refunds</th>
                      <td>−{m(c.refundsMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Net received</th>
                      <td>{m(c.netReceivedMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Platform fees</th>
                      <td>{m(c.platformFeesMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">VAT</th>
                      <td>{m(c.vatMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Donations</th>
                      <td>{m(c.donationsMinor)}</td>
                    </tr>
                    <tr>
                      <th scope="row">Payable to you</th>
                      <td>
                        <strong>{m(c.netPayableMinor)}</strong>
                      </td>
                    </tr>
                  </tbody>
                </table>
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
