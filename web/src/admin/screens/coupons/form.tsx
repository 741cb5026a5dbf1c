/**
 * Create or edit a coupon: a code, percent (typed as a percentage, sent as basis points) or a fixed amount
 * (typed as money, sent as minor units), limits, a validity window in the event's (or organization's)
 * timezone, and a scope of one event and some of its ticket types. Kind and event are fixed once created.
 */
import { useEffect, useState } from 'react';
import { api, call, parseMoney, type Schemas } from '../../../api/client';
import { Checkbox, Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { useOrg } from '../../session';
import { useEvents } from './use-events';
import { CheckGroup } from '../events/check-group';
import { parsePercentToBps } from '../events/fee-math';
import { formatPlain } from '../events/money';
import { readZonedFields, utcToZonedLocal } from '../../../ui/time';

type Coupon = Schemas['Coupon'];

type Values = {
  code: string;
  kind: 'percent' | 'fixed';
  percent: string;
  amount: string;
  currency: string;
  eventId: string;
  ticketTypeIds: string[];
  maxRedemptions: number | '';
  maxPerBuyer: number | '';
  validFrom: string;
  validUntil: string;
  unlocksHidden: boolean;
  active: boolean;
};

const FIELDS = ['code', 'kind', 'percentBps', 'amountMinor', 'currency', 'eventId', 'ticketTypeIds', 'maxRedemptions', 'maxPerBuyer', 'validFrom', 'validUntil', 'unlocksHidden', 'active'];

export function CouponForm({ coupon, onSaved, onCancel }: { coupon?: Coupon; onSaved: (c: Coupon) => void; onCancel?: () => void }) {
  const { orgId, organization } = useOrg();
  const events = useEvents();
  const orgCurrency = organization.settings.currency;
  const [types, setTypes] = useState<Schemas['TicketType'][] | null>(null);
  const initialEvent = coupon?.eventId ?? '';
  const zoneOf = (eventId: string) => events.data?.find((e) => e.id === eventId)?.timezone ?? organization.settings.timezone;
  const zone0 = coupon?.eventId ? zoneOf(coupon.eventId) : organization.settings.timezone;

  const form = useForm<Values>({
    code: coupon?.code ?? '',
    kind: coupon?.kind ?? 'percent',
    percent: coupon?.percentBps != null ? String(coupon.percentBps / 100) : '',
    amount: coupon?.amountMinor != null ? formatPlain(coupon.amountMinor, coupon.currency ?? orgCurrency) : '',
    currency: coupon?.currency ?? orgCurrency,
    eventId: initialEvent,
    ticketTypeIds: coupon?.ticketTypeIds ?? [],
    maxRedemptions: coupon?.maxRedemptions ?? '',
    maxPerBuyer: coupon?.maxPerBuyer ?? '',
    validFrom: utcToZonedLocal(coupon?.validFrom, zone0),
    validUntil: utcToZonedLocal(coupon?.validUntil, zone0),
    unlocksHidden: coupon?.unlocksHidden ?? false,
    active: coupon?.active ?? true,
  });
  const v = form.values;
  const zone = v.eventId ? zoneOf(v.eventId) : organization.settings.timezone;

  useEffect(() => {
    setTypes(null);
    if (!v.eventId) return;
    call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path: { orgId, eventId: v.eventId } } }))
      .then((r) => setTypes(r.items))
      .catch(() => setTypes([]));
  }, [orgId, v.eventId]);

  async function save(values: Values) {
    const {
      times: { validFrom, validUntil },
      errors,
    } = readZonedFields(values, ['validFrom', 'validUntil'], zone);
    const local: Record<string, string> = { ...errors };
    // 0 % is allowed for a pure access code (it unlocks hidden ticket types, e.g. a presale, without a discount).
    const zeroAccessCode = values.unlocksHidden && /^\s*0+(?:[.,]0*)?\s*%?\s*$/.test(values.percent);
    const percentBps = values.kind === 'percent' ? (zeroAccessCode ? 0 : parsePercentToBps(values.percent)) : null;
    const amountMinor = values.kind === 'fixed' ? parseMoney(values.amount, values.currency || orgCurrency) : null;
    if (values.kind === 'percent' && percentBps === null) local.percentBps = 'Enter a percentage between 0.01 and 100, like 15 or 12.5';
    if (values.kind === 'fixed' && (amountMinor === null || amountMinor <= 0)) local.amountMinor = `Enter an amount like 50 or 50.00`;
    if (Object.keys(local).length) {
      form.setErrors(local);
      return;
    }
    const num = (x: number | '') => (x === '' ? null : Number(x));
    const common = {
      code: values.code,
      percentBps: values.kind === 'percent' ? percentBps : null,
      amountMinor: values.kind === 'fixed' ? amountMinor : null,
      currency: values.kind === 'fixed' ? values.currency.trim().toUpperCase() || orgCurrency : null,
      maxRedemptions: num(values.maxRedemptions),
      maxPerBuyer: num(values.maxPerBuyer),
      validFrom,
      validUntil,
      ticketTypeIds: values.eventId ? values.ticketTypeIds : [],
      unlocksHidden: values.unlocksHidden,
      active: values.active,
    };
    const saved = await form.submit(() =>
      coupon
        ? call(api.PATCH('/api/v1/orgs/{orgId}/coupons/{couponId}', { params: { path: { orgId, couponId: coupon.id } }, body: common }))
        : call(api.POST('/api/v1/orgs/{orgId}/coupons', { params: { path: { orgId } }, body: { ...common, kind: values.kind, eventId: values.eventId || null } })),
    );
    if (saved) onSaved(saved);
  }

  const eventOptions = [{ value: '', label: 'Every event of the organization' }, ...(events.data ?? []).map((e) => ({ value: e.id, label: e.name }))];
  const hiddenTypes = (types ?? []).filter((t) => t.visibility === 'hidden');

  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(form.values);
      }}
    >
      <ProblemBanner error={form.problem} fields={FIELDS} />
      <div className="row">
        <Input form={form} name="code" label="Code" required placeholder="EARLY-15" hint="3–32 letters, digits or hyphens; buyers may type it in any case." />
        {coupon ? (
          <Field label="Kind" hint="The kind cannot change.">
            {(a) => <input {...a} readOnly value={coupon.kind === 'percent' ? 'Percentage off' : 'Fixed amount off'} />}
          </Field>
        ) : (
          <Select
            form={form}
            name="kind"
            label="Kind"
            options={[
              { value: 'percent', label: 'Percentage off' },
              { value: 'fixed', label: 'Fixed amount off' },
            ]}
          />
        )}
      </div>
      <div className="row">
        {v.kind === 'percent' ? (
          <Input form={form} name="percent" label="Percentage off" errorKey="percentBps" required placeholder="15" hint="Of each ticket in scope, e.g. 15 or 12.5; 0 for a pure access code that unlocks hidden ticket types." />
        ) : (
          <>
            <Input form={form} name="amount" label={`Amount off (${v.currency || orgCurrency})`} errorKey="amountMinor" required placeholder="50.00" hint="Spread over the in-scope tickets of an order." />
            <Input form={form} name="currency" label="Currency" hint="The currency the event's tickets are priced in." />
          </>
        )}
      </div>
      {coupon ? (
        <p>
          <strong>Event:</strong> {coupon.eventId ? (events.data?.find((e) => e.id === coupon.eventId)?.name ?? coupon.eventId) : 'Every event'} <span className="hint">(fixed once created)</span>
        </p>
      ) : (
        <Field label="Event" error={form.errors.eventId}>
          {(a) => (
            <select {...a} name="eventId" value={v.eventId} onChange={(e) => form.setValues((x) => ({ ...x, eventId: e.target.value, ticketTypeIds: [] }))}>
              {eventOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {v.eventId && (
        <CheckGroup
          legend="Ticket types"
          name="ticketTypeIds"
          options={(types ?? []).map((t) => ({ value: t.id, label: `${t.name}${t.visibility === 'hidden' ? ' (hidden)' : ''}` }))}
          value={v.ticketTypeIds}
          onChange={(next) => form.set('ticketTypeIds', next)}
          error={form.errors.ticketTypeIds}
          hint={types === null ? 'Loading ticket types…' : 'None ticked: every ticket type of the event.'}
        />
      )}
      <div className="row">
        <Input form={form} name="maxRedemptions" label="Total uses allowed (optional)" type="number" min={1} step={1} hint="Empty: no limit." />
        <Input form={form} name="maxPerBuyer" label="Uses per buyer (optional)" type="number" min={1} step={1} hint="Counted per buyer email." />
      </div>
      <div className="row">
        <Input form={form} name="validFrom" label="Valid from (optional)" type="datetime-local" hint={`In ${zone}. Empty: straight away.`} />
        <Input form={form} name="validUntil" label="Valid until (optional)" type="datetime-local" hint={`In ${zone}. Empty: no end.`} />
      </div>
      <Checkbox form={form} name="unlocksHidden" label={`Unlocks hidden ticket types${hiddenTypes.length ? ` (${hiddenTypes.map((t) => t.name).join(', ')})` : ''} for buyers who use it: an access code for a presale (buyers open the event with ?code=…)`} />
      <Checkbox form={form} name="active" label="Active (buyers can use it)" />
      <div className="toolbar">
        <SubmitButton busy={form.busy}>{coupon ? 'Save coupon' : 'Create coupon'}</SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
