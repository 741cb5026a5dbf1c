/**
 * Ticket types tab: what the event sells. Seated types sell seats of layout categories; general-admission
 * types sell places in a layout GA area or up to their own capacity. Prices are typed as money and sent as
 * integer minor units.
 */
import { useState } from 'react';
import { api, call, formatMoney, parseMoney, type Schemas } from '../../../api/client';
import { Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { useOrg } from '../../session';
import { CheckGroup } from './check-group';
import { useEvent } from './event-context';
import { can } from './perms';
import { loadAll, LoadError, useLoad } from '../../../ui/load';
import { formatPlain } from './money';
import { readZonedFields, utcToZonedLocal } from '../../../ui/time';
import { ConfirmRowDelete, RowActions, useRowDelete } from './row-delete';
import { plural } from '../../../ui/plural';

type TicketType = Schemas['TicketType'];
type Layout = Schemas['LayoutSummary'];
type Gate = Schemas['Gate'];

export function useEventSetup() {
  const { orgId } = useOrg();
  const { event } = useEvent();
  const types = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path: { orgId, eventId: event.id } } })).then((r) => r.items), [orgId, event.id]);
  const layout = useLoad(
    () => (event.layoutId ? call(api.GET('/api/v1/orgs/{orgId}/layouts/{layoutId}', { params: { path: { orgId, layoutId: event.layoutId } } })) : Promise.resolve(null)),
    [orgId, event.layoutId],
  );
  const gates = useLoad(
    () => loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}/gates', { params: { path: { orgId, venueId: event.venueId }, query: { cursor, limit: 100 } } }))),
    [orgId, event.venueId],
  );
  return { types, layout, gates };
}

export function TicketTypes() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const { types, layout, gates } = useEventSetup();
  const [editing, setEditing] = useState<TicketType | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useRowDelete(
    types,
    (t: TicketType) => call(api.DELETE('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types/{ticketTypeId}', { params: { path: { orgId, eventId: event.id, ticketTypeId: t.id } } })),
    setNotice,
  );
  const manage = can(role, 'events.manage') && event.status !== 'completed' && event.status !== 'cancelled';
  const locale = organization.settings.locale;
  const items = types.data ?? [];
  // The form's defaults (seated categories, areas, gates) come from the layout and the existing types.
  const ready = types.data !== null && (layout.data !== null || !event.layoutId || layout.error !== null) && !gates.loading;
  const categoryName = (key: string) => layout.data?.categories.find((c) => c.key === key)?.name ?? key;
  const areaName = (key: string) => layout.data?.gaAreas.find((a) => a.key === key)?.name ?? key;
  const gateName = (id: string) => gates.data?.find((g) => g.id === id)?.name ?? id;

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Ticket types</h2>
        {manage && editing === null && (
          <button type="button" className="primary" disabled={!ready} onClick={() => (setEditing('new'), setNotice(null))}>
            Add ticket type
          </button>
        )}
      </div>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      {event.status === 'draft' && items.length === 0 && !types.loading && <p className="hint">Add at least one ticket type before publishing the event.</p>}
      <LoadError error={types.error} />
      {editing !== null && ready && (
        <TicketTypeForm
          key={editing === 'new' ? 'new' : editing.id}
          ticketType={editing === 'new' ? undefined : editing}
          existing={items}
          layout={layout.data}
          gates={gates.data ?? []}
          onDone={(saved) => {
            setNotice(saved ? `Saved “${saved.name}”.` : null);
            setEditing(null);
            if (saved) types.setData((list) => upsert(list ?? [], saved).sort((a, b) => a.position - b.position));
            types.reload();
          }}
        />
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="stacks" aria-busy={types.loading}>
          <caption className="visually-hidden">Ticket types of {event.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Sells</th>
              <th scope="col">Price</th>
              <th scope="col">Per order</th>
              <th scope="col">Gates</th>
              <th scope="col">Visibility</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && !types.loading && (
              <tr>
                <td colSpan={manage ? 7 : 6} className="empty">
                  {manage ? 'No ticket types yet. Buyers can only buy what you add here: start with “Add ticket type”.' : 'No ticket types yet.'}
                </td>
              </tr>
            )}
            {items.map((t) => (
              <tr key={t.id}>
                <td data-label="Name">{t.name}</td>
                <td data-label="Sells">
                  {t.kind === 'seated'
                    ? `Seats: ${t.categories.map(categoryName).join(', ')}`
                    : t.gaAreaKey
                      ? `Standing: ${areaName(t.gaAreaKey)}${t.capacity ? ` (up to ${t.capacity})` : ''}`
                      : t.capacity === null || t.capacity === undefined ? 'General admission' : `General admission, ${plural(t.capacity, 'place')}`}
                </td>
                <td data-label="Price">{formatMoney(t.priceMinor, t.currency, locale)}</td>
                <td data-label="Per order">
                  {t.minPerOrder}–{t.maxPerOrder}
                </td>
                <td data-label="Gates">{t.gateIds.length ? t.gateIds.map(gateName).join(', ') : 'Any gate'}</td>
                <td data-label="Visibility">{t.visibility === 'hidden' ? <span className="badge warn">Hidden (coupon only)</span> : 'Visible'}</td>
                {manage && (
                  <td data-label="Actions">
                    <RowActions row={t} onEdit={() => (setEditing(t), setNotice(null))} remove={remove} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmRowDelete
        id="delete-tt"
        remove={remove}
        question={(t) => (
          <>
            <strong>Delete “{t.name}”?</strong> Only possible while nothing of it is held or sold.
          </>
        )}
      />
    </>
  );
}

type Values = {
  name: string;
  kind: 'seated' | 'ga';
  categories: string[];
  gaAreaKey: string;
  capacity: number | '';
  price: string;
  minPerOrder: number | '';
  maxPerOrder: number | '';
  saleStartsAt: string;
  saleEndsAt: string;
  visibility: 'visible' | 'hidden';
  position: number | '';
  gateIds: string[];
};

const FIELDS = ['name', 'kind', 'categories', 'gaAreaKey', 'capacity', 'priceMinor', 'minPerOrder', 'maxPerOrder', 'saleStartsAt', 'saleEndsAt', 'visibility', 'position', 'gateIds'];

function defaults(existing: TicketType[], layout: Layout | null): Pick<Values, 'kind' | 'categories' | 'gaAreaKey'> {
  const covered = new Set(existing.filter((t) => t.kind === 'seated').flatMap((t) => t.categories));
  const uncovered = (layout?.categories ?? []).map((c) => c.key).filter((k) => !covered.has(k));
  if (uncovered.length) return { kind: 'seated', categories: uncovered, gaAreaKey: '' };
  const usedAreas = new Set(existing.map((t) => t.gaAreaKey).filter(Boolean));
  const freeArea = layout?.gaAreas.find((a) => !usedAreas.has(a.key));
  if (freeArea) return { kind: 'ga', categories: [], gaAreaKey: freeArea.key };
  return layout?.categories.length && !existing.length ? { kind: 'seated', categories: [], gaAreaKey: '' } : { kind: 'ga', categories: [], gaAreaKey: '' };
}

function TicketTypeForm({
  ticketType: t,
  existing,
  layout,
  gates,
  onDone,
}: {
  ticketType?: TicketType;
  existing: TicketType[];
  layout: Layout | null;
  gates: Gate[];
  onDone: (saved: TicketType | null) => void;
}) {
  const { event } = useEvent();
  const { orgId, organization } = useOrg();
  const currency = t?.currency ?? existing[0]?.currency ?? organization.settings.currency;
  const zone = event.timezone;
  const d = defaults(existing, layout);
  const form = useForm<Values>({
    name: t?.name ?? '',
    kind: t?.kind ?? d.kind,
    categories: t?.categories ?? d.categories,
    gaAreaKey: t?.gaAreaKey ?? d.gaAreaKey,
    capacity: t?.capacity ?? '',
    price: t ? formatPlain(t.priceMinor, currency) : '',
    minPerOrder: t?.minPerOrder ?? 1,
    maxPerOrder: t?.maxPerOrder ?? 10,
    saleStartsAt: utcToZonedLocal(t?.saleStartsAt, zone),
    saleEndsAt: utcToZonedLocal(t?.saleEndsAt, zone),
    visibility: t?.visibility ?? 'visible',
    position: t?.position ?? existing.length,
    gateIds: t?.gateIds ?? [],
  });
  const v = form.values;
  const hasLayout = Boolean(layout);

  async function save(values: Values) {
    const priceMinor = parseMoney(values.price, currency);
    const {
      times: { saleStartsAt, saleEndsAt },
      errors,
    } = readZonedFields(values, ['saleStartsAt', 'saleEndsAt'], zone);
    const local: Record<string, string> = { ...errors };
    if (priceMinor === null) local.priceMinor = `Enter a price like 150 or 150.00 (${currency})`;
    if (Object.keys(local).length) {
      form.setErrors(local);
      return;
    }
    const num = (x: number | '') => (x === '' ? undefined : Number(x));
    const common = {
      name: values.name,
      priceMinor: priceMinor!,
      minPerOrder: num(values.minPerOrder),
      maxPerOrder: num(values.maxPerOrder),
      saleStartsAt,
      saleEndsAt,
      visibility: values.visibility,
      position: num(values.position),
      gateIds: values.gateIds,
      ...(values.kind === 'seated'
        ? { categories: values.categories, gaAreaKey: null, capacity: null }
        : { categories: [], gaAreaKey: values.gaAreaKey || null, capacity: values.capacity === '' ? null : Number(values.capacity) }),
    };
    const path = { orgId, eventId: event.id };
    const saved = await form.submit(() =>
      t
        ? call(api.PATCH('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types/{ticketTypeId}', { params: { path: { ...path, ticketTypeId: t.id } }, body: common }))
        : call(api.POST('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path }, body: { ...common, kind: values.kind } })),
    );
    if (saved) onDone(saved);
  }

  return (
    <form
      className="card"
      noValidate
      aria-labelledby="tt-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save(form.values);
      }}
    >
      <h3 id="tt-form-title" style={{ marginTop: 0 }}>
        {t ? `Edit “${t.name}”` : 'New ticket type'}
      </h3>
      <ProblemBanner error={form.problem} fields={FIELDS} />
      <div className="row">
        <Input form={form} name="name" label="Ticket type name" required placeholder="e.g. Standard" />
        {t ? (
          <Field label="Kind" hint="The kind cannot change; add a new ticket type instead.">
            {(a) => <input {...a} readOnly value={t.kind === 'seated' ? 'Seated' : 'General admission'} />}
          </Field>
        ) : (
          <Select
            form={form}
            name="kind"
            label="Kind"
            options={[
              { value: 'seated', label: 'Seated (buyers pick seats of chosen categories)' },
              { value: 'ga', label: 'General admission (standing / unnumbered)' },
            ]}
          />
        )}
      </div>
      {v.kind === 'seated' ? (
        hasLayout ? (
          <CheckGroup
            legend="Seat categories"
            name="categories"
            options={(layout?.categories ?? []).map((c) => ({ value: c.key, label: `${c.name} (${c.key})` }))}
            value={v.categories}
            onChange={(next) => form.set('categories', next)}
            error={form.errors.categories}
            hint="Seats of these categories are sold as this ticket type."
          />
        ) : (
          <p className="banner error">This event has no seating layout, so it cannot sell seats. Choose general admission.</p>
        )
      ) : (
        <div className="row">
          {hasLayout && (layout?.gaAreas.length ?? 0) > 0 && (
            <Select
              form={form}
              name="gaAreaKey"
              label="Standing area"
              options={[{ value: '', label: 'No area — just a capacity' }, ...(layout?.gaAreas ?? []).map((a) => ({ value: a.key, label: `${a.name} (${plural(a.capacity, 'place')})` }))]}
            />
          )}
          <Input form={form} name="capacity" label="Capacity" type="number" min={1} step={1} hint={v.gaAreaKey ? 'Optional: at most this many of the area’s places.' : 'How many can be sold.'} />
        </div>
      )}
      <div className="row">
        <Input form={form} name="price" label={`Price (${currency})`} errorKey="priceMinor" required placeholder="150.00" hint="0 for free tickets." />
        <Input form={form} name="minPerOrder" label="Min per order" type="number" min={1} step={1} />
        <Input form={form} name="maxPerOrder" label="Max per order" type="number" min={1} step={1} />
      </div>
      <div className="row">
        <Input form={form} name="saleStartsAt" label="Sales of this type open (optional)" type="datetime-local" hint={`In ${zone}. Empty: with the event's sale.`} />
        <Input form={form} name="saleEndsAt" label="Sales of this type close (optional)" type="datetime-local" hint={`In ${zone}.`} />
      </div>
      <div className="row">
        <Select
          form={form}
          name="visibility"
          label="Visibility"
          options={[
            { value: 'visible', label: 'Visible to everyone' },
            { value: 'hidden', label: 'Hidden (unlocked by a coupon)' },
          ]}
        />
        <Input form={form} name="position" label="Position in the list" type="number" min={0} step={1} />
      </div>
      {gates.length > 0 && (
        <CheckGroup
          legend="Admitted at gates"
          name="gateIds"
          options={gates.map((g) => ({ value: g.id, label: g.name }))}
          value={v.gateIds}
          onChange={(next) => form.set('gateIds', next)}
          error={form.errors.gateIds}
          hint="None ticked: every gate admits it."
        />
      )}
      <div className="toolbar">
        <SubmitButton busy={form.busy}>{t ? 'Save ticket type' : 'Add ticket type'}</SubmitButton>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The list with `item` replaced (same id) or added at the end. */
export function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}
