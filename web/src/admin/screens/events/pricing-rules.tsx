/**
 * Pricing rules tab: early-bird prices (until a time), quantity tiers (from N tickets of a type in one order)
 * and prices by seat category (docs/pricing.md: a category price replaces the type's price, then the buyer gets
 * the lowest of the early-bird and tier offers that apply).
 */
import { useState } from 'react';
import { api, call, formatInZone, formatMoney, parseMoney, type Schemas } from '../../../api/client';
import { Checkbox, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { formatPlain } from './money';
import { ticketTypeLabel } from '../../names';
import { can } from './perms';
import { upsert, useEventSetup } from './ticket-types';
import { LoadError, useLoad } from '../../../ui/load';
import { readZonedFields, utcToZonedLocal } from '../../../ui/time';
import { ConfirmRowDelete, RowActions, useRowDelete } from './row-delete';

type Rule = Schemas['PricingRule'];
type Kind = Rule['kind'];

export const RULE_KINDS: { value: Kind; label: string; explain: string }[] = [
  { value: 'early_bird', label: 'Early bird', explain: 'A lower price until a date.' },
  { value: 'quantity_tier', label: 'Quantity tier', explain: 'A price per ticket when someone buys at least N of a type in one order.' },
  { value: 'category_price', label: 'Category price', explain: 'The price of seats in one seat category.' },
];

export function PricingRules() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const { types, layout } = useEventSetup();
  const rules = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/pricing-rules', { params: { path: { orgId, eventId: event.id } } })).then((r) => r.items), [orgId, event.id]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useRowDelete(
    rules,
    (r: Rule) => call(api.DELETE('/api/v1/orgs/{orgId}/events/{eventId}/pricing-rules/{pricingRuleId}', { params: { path: { orgId, eventId: event.id, pricingRuleId: r.id } } })),
    setNotice,
  );
  const manage = can(role, 'pricing.manage');
  const locale = organization.settings.locale;
  const currency = types.data?.[0]?.currency ?? organization.settings.currency;
  const typeName = (id: string | null) => (id ? ticketTypeLabel(types.data && new Map(types.data.map((t) => [t.id, t.name])), id) : 'All ticket types');
  const when = (iso: string | null) => (iso ? formatInZone(iso, event.timezone, locale, { dateStyle: 'medium', timeStyle: 'short' }) : null);

  function condition(r: Rule): string {
    if (r.kind === 'early_bird') return `${r.startsAt ? `From ${when(r.startsAt)} ` : ''}until ${when(r.endsAt) ?? '—'}`;
    if (r.kind === 'quantity_tier') return `${r.minQuantity ?? '—'} or more in one order`;
    return `Seats in ${layout.data?.categories.find((c) => c.key === r.category)?.name ?? r.category}`;
  }

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Pricing rules</h2>
        {manage && editing === null && (
          <button type="button" className="primary" onClick={() => (setEditing('new'), setNotice(null))}>
            Add pricing rule
          </button>
        )}
      </div>
      <p className="hint">A category price replaces the ticket type's price for seats of that category; early-bird prices and quantity tiers then offer a unit price, and the buyer gets the lowest offer. Orders already placed keep their price.</p>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      <LoadError error={rules.error} />
      {editing !== null && (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? undefined : editing}
          currency={currency}
          ticketTypes={types.data ?? []}
          categories={layout.data?.categories ?? []}
          onDone={(saved) => {
            setEditing(null);
            setNotice(saved ? `Saved “${saved.name}”.` : null);
            if (saved) rules.setData((list) => upsert(list ?? [], saved));
            rules.reload();
          }}
        />
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="stacks" aria-busy={rules.loading}>
          <caption className="visually-hidden">Pricing rules of {event.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Applies to</th>
              <th scope="col">When</th>
              <th scope="col">Unit price</th>
              <th scope="col">Active</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {(rules.data ?? []).length === 0 && !rules.loading && (
              <tr>
                <td colSpan={manage ? 7 : 6} className="empty">
                  No pricing rules: every ticket sells at its ticket type's price.
                </td>
              </tr>
            )}
            {(rules.data ?? []).map((r) => (
              <tr key={r.id}>
                <td data-label="Name">{r.name}</td>
                <td data-label="Kind">{RULE_KINDS.find((k) => k.value === r.kind)?.label ?? r.kind}</td>
                <td data-label="Applies to">{typeName(r.ticketTypeId)}</td>
                <td data-label="When">{condition(r)}</td>
                <td data-label="Unit price">{formatMoney(r.unitPriceMinor, currency, locale)}</td>
                <td data-label="Active">{r.active ? <span className="badge ok">Active</span> : <span className="badge">Off</span>}</td>
                {manage && (
                  <td data-label="Actions">
                    <RowActions row={r} onEdit={() => (setEditing(r), setNotice(null))} remove={remove} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmRowDelete
        id="delete-rule"
        remove={remove}
        question={(r) => (
          <>
            <strong>Delete the rule “{r.name}”?</strong> New quotes stop using it at once.
          </>
        )}
      />
    </>
  );
}

type Values = {
  kind: Kind;
  name: string;
  ticketTypeId: string;
  category: string;
  minQuantity: number | '';
  startsAt: string;
  endsAt: string;
  price: string;
  active: boolean;
};

const FIELDS = ['kind', 'name', 'ticketTypeId', 'category', 'minQuantity', 'startsAt', 'endsAt', 'unitPriceMinor', 'active'];

function RuleForm({
  rule,
  currency,
  ticketTypes,
  categories,
  onDone,
}: {
  rule?: Rule;
  currency: string;
  ticketTypes: Schemas['TicketType'][];
  categories: { key: string; name: string }[];
  onDone: (saved: Rule | null) => void;
}) {
  const { event } = useEvent();
  const { orgId } = useOrg();
  const zone = event.timezone;
  const form = useForm<Values>({
    kind: rule?.kind ?? 'early_bird',
    name: rule?.name ?? '',
    ticketTypeId: rule?.ticketTypeId ?? '',
    category: rule?.category ?? categories[0]?.key ?? '',
    minQuantity: rule?.minQuantity ?? 4,
    startsAt: utcToZonedLocal(rule?.startsAt, zone),
    endsAt: utcToZonedLocal(rule?.endsAt, zone),
    price: rule ? formatPlain(rule.unitPriceMinor, currency) : '',
    active: rule?.active ?? true,
  });
  const v = form.values;

  async function save(values: Values) {
    const unitPriceMinor = parseMoney(values.price, currency);
    const {
      times: { startsAt, endsAt },
      errors,
    } = readZonedFields(values, ['startsAt', 'endsAt'], zone);
    const local: Record<string, string> = { ...errors };
    if (unitPriceMinor === null) local.unitPriceMinor = `Enter a price like 120 or 120.00 (${currency})`;
    if (Object.keys(local).length) {
      form.setErrors(local);
      return;
    }
    // Only the fields of the rule's kind are sent; the others are cleared.
    const byKind =
      values.kind === 'early_bird'
        ? { startsAt, endsAt, category: null, minQuantity: null }
        : values.kind === 'quantity_tier'
          ? { minQuantity: values.minQuantity === '' ? null : Number(values.minQuantity), category: null, startsAt: null, endsAt: null }
          : { category: values.category || null, minQuantity: null, startsAt: null, endsAt: null };
    const body = { name: values.name, ticketTypeId: values.ticketTypeId || null, unitPriceMinor: unitPriceMinor!, active: values.active, ...byKind };
    const path = { orgId, eventId: event.id };
    const saved = await form.submit(() =>
      rule
        ? call(api.PATCH('/api/v1/orgs/{orgId}/events/{eventId}/pricing-rules/{pricingRuleId}', { params: { path: { ...path, pricingRuleId: rule.id } }, body }))
        : call(api.POST('/api/v1/orgs/{orgId}/events/{eventId}/pricing-rules', { params: { path }, body: { ...body, kind: values.kind } })),
    );
    if (saved) onDone(saved);
  }

  return (
    <form
      className="card"
      noValidate
      aria-labelledby="rule-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save(form.values);
      }}
    >
      <h3 id="rule-form-title" style={{ marginTop: 0 }}>
        {rule ? `Edit “${rule.name}”` : 'New pricing rule'}
      </h3>
      <ProblemBanner error={form.problem} fields={FIELDS} />
      <div className="row">
        {rule ? (
          <p>
            <strong>Kind:</strong> {RULE_KINDS.find((k) => k.value === rule.kind)?.label}
          </p>
        ) : (
          <Select form={form} name="kind" label="Kind of rule" options={RULE_KINDS.map((k) => ({ value: k.value, label: `${k.label} — ${k.explain}` }))} />
        )}
        <Input form={form} name="name" label="Rule name" required placeholder="e.g. Early bird" hint="Buyers see it beside the price." />
      </div>
      <div className="row">
        <Select form={form} name="ticketTypeId" label="Ticket type" options={[{ value: '', label: 'All ticket types' }, ...ticketTypes.map((t) => ({ value: t.id, label: t.name }))]} />
        <Input form={form} name="price" label={`Unit price (${currency})`} errorKey="unitPriceMinor" required placeholder="120.00" />
      </div>
      {v.kind === 'early_bird' && (
        <div className="row">
          <Input form={form} name="startsAt" label="From (optional)" type="datetime-local" hint={`In ${zone}. Empty: straight away.`} />
          <Input form={form} name="endsAt" label="Until" type="datetime-local" required hint={`In ${zone}.`} />
        </div>
      )}
      {v.kind === 'quantity_tier' && <Input form={form} name="minQuantity" label="From this many tickets in one order" type="number" min={2} step={1} />}
      {v.kind === 'category_price' &&
        (categories.length ? (
          <Select form={form} name="category" label="Seat category" options={categories.map((c) => ({ value: c.key, label: `${c.name} (${c.key})` }))} />
        ) : (
          <p className="banner error">The event has no seating layout with categories.</p>
        ))}
      <Checkbox form={form} name="active" label="Active" />
      <div className="toolbar">
        <SubmitButton busy={form.busy}>{rule ? 'Save rule' : 'Add rule'}</SubmitButton>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
