/**
 * The event's buyer refund policy (docs/buyers.md "Refunds by policy"): none, or automatic until N days before the
 * start, with a fee per ticket (a percentage and/or a fixed amount) and whether the booking fee comes back; with a
 * worked example so the organizer sees what a buyer would get before saving.
 */
import { api, call, formatInZone, formatMoney, parseMoney, type Schemas } from '../../../api/client';
import { Checkbox, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { can } from './perms';

type Policy = Schemas['RefundPolicy'];
type Values = { mode: string; daysBefore: string; feePercent: string; feeFixed: string; refundBookingFee: boolean };

const toValues = (p: Policy): Values => ({
  mode: p.mode,
  daysBefore: String(p.daysBefore),
  feePercent: String(p.feeBasisPoints / 100),
  feeFixed: (p.feeFixedMinor / 100).toFixed(2),
  refundBookingFee: p.refundBookingFee,
});

/** The PUT body; a field left unreadable goes as NaN (null in JSON) so the API names it. */
export function policyBody(v: Values, currency: string): Schemas['RefundPolicyInput'] {
  const percent = v.feePercent.trim() === '' ? 0 : Number(v.feePercent.replace(',', '.'));
  return {
    mode: v.mode as Policy['mode'],
    daysBefore: v.daysBefore.trim() === '' ? 0 : Number(v.daysBefore),
    feeBasisPoints: Number.isFinite(percent) ? Math.round(percent * 100) : Number.NaN,
    feeFixedMinor: v.feeFixed.trim() === '' ? 0 : (parseMoney(v.feeFixed, currency) ?? Number.NaN),
    refundBookingFee: v.refundBookingFee,
  };
}

export function RefundPolicy() {
  const { orgId } = useOrg();
  const { event } = useEvent();
  const policy = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/refund-policy', { params: { path: { orgId, eventId: event.id } } })), [orgId, event.id]);
  if (policy.error && !policy.data) return <LoadError error={policy.error} />;
  if (!policy.data) return <p className="loading">Loading the refund policy…</p>;
  return <PolicyForm key={JSON.stringify(policy.data)} policy={policy.data} onSaved={policy.setData} />;
}

function PolicyForm({ policy, onSaved }: { policy: Policy; onSaved: (p: Policy) => void }) {
  const { orgId, role, organization } = useOrg();
  const { event } = useEvent();
  const locale = organization.settings.locale;
  const currency = organization.settings.currency ?? 'ZAR';
  const form = useForm<Values>(toValues(policy));
  const editable = can(role, 'events.manage');
  const body = policyBody(form.values, currency);
  const example = 20_000;
  const fee = Number.isFinite(body.feeBasisPoints) && Number.isFinite(body.feeFixedMinor) ? Math.min(example, Math.floor((example * body.feeBasisPoints + 5_000) / 10_000) + body.feeFixedMinor) : null;
  const save = (e: React.FormEvent) =>
    form.submit(async () => {
      onSaved(await call(api.PUT('/api/v1/orgs/{orgId}/events/{eventId}/refund-policy', { params: { path: { orgId, eventId: event.id } }, body })));
    }, e);
  return (
    <section className="card" aria-labelledby="refund-policy-h">
      <h2 id="refund-policy-h" style={{ marginTop: 0 }}>
        Buyer refunds
      </h2>
      <p className="hint">
        Buyers ask for a refund from their order page. Inside the policy it is refunded at once (the fee kept); otherwise — and always with “No automatic refunds” — the request waits
        for you under Orders → Refund requests. Checked-in tickets are never refunded to the buyer.
      </p>
      {policy.deadline && (
        <p>
          Automatic refunds end <strong>{formatInZone(policy.deadline, event.timezone, locale, { dateStyle: 'full', timeStyle: 'short' })}</strong> ({event.timezone}).
        </p>
      )}
      <form onSubmit={save}>
        <fieldset disabled={!editable || form.busy}>
          <Select
            form={form}
            name="mode"
            label="Policy"
            options={[
              { value: 'none', label: 'No automatic refunds (buyers may still ask)' },
              { value: 'until_days_before', label: 'Automatic refunds until some days before the start' },
            ]}
          />
          {form.values.mode === 'until_days_before' && (
            <>
              <Input form={form} name="daysBefore" label="Days before the start" type="text" hint="Calendar days on the event’s clock; 0 = until the event starts." />
              <Input form={form} name="feePercent" label="Fee kept per ticket (%)" errorKey="feeBasisPoints" hint="Of what the ticket gives back, rounded to the cent." />
              <Input form={form} name="feeFixed" label={`Fixed fee kept per ticket (${currency})`} errorKey="feeFixedMinor" />
              <Checkbox form={form} name="refundBookingFee" label="Give back the booking fee too" />
              {fee !== null && (
                <p className="hint" role="status">
                  Example: a {formatMoney(example, currency, locale)} ticket gives back {formatMoney(example - fee, currency, locale)} (fee {formatMoney(fee, currency, locale)}).
                </p>
              )}
            </>
          )}
          <ProblemBanner error={form.problem} fields={['mode', 'daysBefore', 'feeBasisPoints', 'feeFixedMinor', 'refundBookingFee']} />
          {editable && <SubmitButton busy={form.busy}>Save refund policy</SubmitButton>}
        </fieldset>
      </form>
    </section>
  );
}
