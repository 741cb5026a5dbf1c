/** Settings → Usage: today's API calls and emails against the plan's daily quotas, SMS and WhatsApp against the hourly limits (GET /orgs/{orgId}/usage). */
import { useEffect, useState } from 'react';
import { api, ApiError, call, formatInZone, type Schemas } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { useOrg } from '../../session';
import { quotaLine } from './format';

type Usage = Schemas['Usage'];

export function UsageSection() {
  const { orgId, organization } = useOrg();
  const [usage, setUsage] = useState<Usage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    call(api.GET('/api/v1/orgs/{orgId}/usage', { params: { path: { orgId } } }))
      .then(setUsage)
      .catch((e) => setError(e));
  }, [orgId]);
  return (
    <section className="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage today</h2>
      <ProblemBanner error={error} />
      {!usage && !error && <p className="loading">Loading usage…</p>}
      {usage && (
        <>
          <p className="hint">
            Plan <strong>{usage.plan}</strong>. Daily counts start again at {formatInZone(usage.resetsAt, organization.settings.timezone)} (the end of the UTC day). Over a quota,
            API requests are refused until then and emails wait in the queue.
          </p>
          <QuotaMeter label="API requests" used={usage.apiCalls.used} quota={usage.apiCalls.quota} />
          <QuotaMeter label="Emails sent" used={usage.emails.used} quota={usage.emails.quota} />
          <QuotaMeter label="SMS in the last hour" used={usage.phoneMessagesLastHour.sms.used} quota={usage.phoneMessagesLastHour.sms.quota} />
          <QuotaMeter label="WhatsApp messages in the last hour" used={usage.phoneMessagesLastHour.whatsapp.used} quota={usage.phoneMessagesLastHour.whatsapp.quota} />
          <p className="hint">
            Per minute: {usage.perMinute.organization.toLocaleString('en-US')} requests for the organization, {usage.perMinute.apiKey.toLocaleString('en-US')} per API key.
          </p>
        </>
      )}
    </section>
  );
}

function QuotaMeter({ label, used, quota }: { label: string; used: number; quota: number }) {
  const line = quotaLine(used, quota);
  return (
    <div className="meter-row usage-row">
      <span>
        <strong>{label}</strong>: {line.text}
        {line.level === 'full' && (
          <>
            {' '}
            <span className="badge bad">Quota used up</span>
          </>
        )}
        {line.level === 'warn' && (
          <>
            {' '}
            <span className="badge warn">Nearly used up</span>
          </>
        )}
      </span>
      <meter aria-label={label} min={0} max={quota} value={Math.min(used, quota)} low={quota * 0.8} high={quota * 0.95} optimum={0} />
    </div>
  );
}
