/**
 * A saved funnel's conversion over the picked days (GET /orgs/{orgId}/funnels/{funnelId}/conversion): drawn by the
 * shared funnel chart (bars per step, visitors, share of the first and previous step, median time between steps,
 * freshness), with "Refresh now" for roles that may manage analytics.
 */
import { useState } from 'react';
import { useLoad } from '../../../ui/load';
import { atLeast, useOrg } from '../../session';
import { fetchConversion } from '../analytics/api';
import { FunnelChart } from '../analytics/funnel-chart';
import { funnelEmpty } from '../analytics/funnel-logic';
import { RefreshNow } from '../analytics/refresh-now';
import { HistoryError } from '../events/history/history-error';
import { conversionRange, filtersText, stepsText, type SavedFunnel } from './logic';

export function ConversionPanel({ funnel, eventName, range, onRange }: { funnel: SavedFunnel; eventName: string; range: { from: string; to: string }; onRange: (r: { from: string; to: string }) => void }) {
  const { orgId, organization, role } = useOrg();
  const { from, to } = conversionRange(range, organization.settings.timezone);
  const [draft, setDraft] = useState({ from, to });
  const conversion = useLoad(() => fetchConversion(orgId, funnel.id, { from, to }), [orgId, funnel.id, from, to]);
  const data = conversion.error ? null : conversion.data;
  return (
    <section className="card" aria-labelledby="conversion-h" aria-busy={conversion.loading}>
      <h2 id="conversion-h">{funnel.name}</h2>
      <p className="hint">
        {stepsText(funnel.steps)} · {eventName} · {filtersText(funnel.filters)}
      </p>
      <form
        className="toolbar ops-filters"
        onSubmit={(e) => {
          e.preventDefault();
          onRange(draft);
        }}
      >
        <label>
          From <input type="date" value={draft.from} max={draft.to || undefined} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </label>
        <label>
          To <input type="date" value={draft.to} min={draft.from || undefined} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </label>
        <button type="submit">Show</button>
      </form>
      {atLeast(role, 'staff') && <RefreshNow onRefreshed={conversion.reload} />}
      <HistoryError error={conversion.error} retry={conversion.reload} />
      {conversion.loading && !conversion.data && <p className="hint">Loading…</p>}
      {!conversion.loading && data && funnelEmpty(data.steps) && <p className="hint">No visitor took these steps between {from} and {to} yet.</p>}
      {data && <FunnelChart steps={data.steps} from={data.from} to={data.to} freshness={data.freshness} locale={organization.settings.locale} />}
    </section>
  );
}
