/**
 * Create or edit an event: name, venue and its seating layout, times in the event's timezone (datetime-local
 * inputs read as wall-clock time there and sent as UTC), sale window, how long holds last, re-entry, and for large
 * seated events whether publishing splits the inventory by section (docs/waiting-room.md, "Section shards").
 */
import { useEffect, useMemo, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { Checkbox, Field, Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { useUnsavedChanges } from '../../../ui/unsaved';
import { useOrg } from '../../session';
import { loadAll } from '../../../ui/load';
import { offsetLabel, readZonedFields, utcToZonedLocal } from '../../../ui/time';
import { plural } from '../../../ui/plural';

type Event = Schemas['Event'];
type Venue = Schemas['Venue'];
type Layout = Schemas['LayoutSummary'];

const TIME_FIELDS = ['startsAt', 'endsAt', 'doorsAt', 'saleStartsAt', 'saleEndsAt'] as const;

type Values = {
  name: string;
  description: string;
  venueId: string;
  layoutId: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  doorsAt: string;
  saleStartsAt: string;
  saleEndsAt: string;
  holdMinutes: number | '';
  reentryAllowed: boolean;
  shardThreshold: number | '';
  shardCount: number | '';
};

const FORM_FIELDS = ['name', 'description', 'venueId', 'layoutId', 'timezone', ...TIME_FIELDS, 'holdTtlSeconds', 'reentryAllowed', 'shardThreshold', 'shardCount'];

export function EventForm({ event, onSaved, submitLabel }: { event?: Event; onSaved: (event: Event) => void; submitLabel: string }) {
  const { orgId, organization } = useOrg();
  const orgZone = organization.settings.timezone;
  const [venues, setVenues] = useState<Venue[] | null>(null);
  const [layouts, setLayouts] = useState<Layout[] | null>(null);
  const editingLocked = Boolean(event && event.status !== 'draft');
  const zone0 = event?.timezone ?? orgZone;

  const form = useForm<Values>({
    name: event?.name ?? '',
    description: event?.description ?? '',
    venueId: event?.venueId ?? '',
    layoutId: event?.layoutId ?? '',
    timezone: zone0,
    startsAt: utcToZonedLocal(event?.startsAt, zone0),
    endsAt: utcToZonedLocal(event?.endsAt, zone0),
    doorsAt: utcToZonedLocal(event?.doorsAt, zone0),
    saleStartsAt: utcToZonedLocal(event?.saleStartsAt, zone0),
    saleEndsAt: utcToZonedLocal(event?.saleEndsAt, zone0),
    holdMinutes: event ? Math.round(event.holdTtlSeconds / 60) : 5,
    reentryAllowed: event?.reentryAllowed ?? false,
    shardThreshold: event?.shardThreshold ?? '',
    shardCount: event?.shardCount ?? 4,
  });
  const { venueId, timezone } = form.values;
  const { adopt } = form;
  // Typed and not saved yet: leaving asks first (the picks the form makes itself below are not changes).
  useUnsavedChanges(form.dirty && !form.busy);

  useEffect(() => {
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues', { params: { path: { orgId }, query: { cursor, limit: 100 } } })))
      .then((vs) => {
        setVenues(vs);
        // A new event starts at the only venue there is.
        if (!event && vs.length === 1) adopt({ venueId: vs[0]!.id, timezone: vs[0]!.timezone });
      })
      .catch(() => setVenues([]));
  }, [orgId, event, adopt]);

  useEffect(() => {
    setLayouts(null);
    if (!venueId) return;
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/venues/{venueId}/layouts', { params: { path: { orgId, venueId }, query: { cursor, limit: 100 } } })))
      .then((ls) => {
        setLayouts(ls);
        if (!event && ls.length === 1) adopt({ layoutId: ls[0]!.id });
      })
      .catch(() => setLayouts([]));
  }, [orgId, venueId, event, adopt]);

  const zoneValid = useMemo(() => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
      return Boolean(timezone);
    } catch {
      return false;
    }
  }, [timezone]);
  const zone = zoneValid ? timezone : orgZone;

  function pickVenue(id: string) {
    const v = venues?.find((x) => x.id === id);
    form.setValues((vals) => ({ ...vals, venueId: id, layoutId: '', timezone: v?.timezone ?? vals.timezone }));
  }

  async function save(v: Values) {
    const { times, errors } = readZonedFields(v, TIME_FIELDS, zone);
    if (Object.keys(errors).length) {
      form.setErrors(errors);
      return;
    }
    const common = {
      name: v.name,
      description: v.description.trim() ? v.description : null,
      timezone: zone,
      holdTtlSeconds: v.holdMinutes === '' ? undefined : Math.round(Number(v.holdMinutes) * 60),
      reentryAllowed: v.reentryAllowed,
    };
    // How the inventory is split is fixed at publish: sent only while the event is a draft.
    const split = editingLocked ? {} : { shardThreshold: v.shardThreshold === '' ? null : Number(v.shardThreshold), shardCount: v.shardCount === '' ? undefined : Number(v.shardCount) };
    if (event) {
      const body: Schemas['UpdateEvent'] = {
        ...common,
        startsAt: times.startsAt ?? undefined,
        endsAt: times.endsAt ?? undefined,
        doorsAt: times.doorsAt ?? null,
        saleStartsAt: times.saleStartsAt ?? null,
        saleEndsAt: times.saleEndsAt ?? null,
        ...(editingLocked ? {} : { venueId: v.venueId, layoutId: v.layoutId || null }),
        ...split,
      };
      const saved = await form.submit(() => call(api.PATCH('/api/v1/orgs/{orgId}/events/{eventId}', { params: { path: { orgId, eventId: event.id } }, body })));
      if (saved) onSaved(saved);
      return;
    }
    const body: Schemas['CreateEvent'] = {
      ...common,
      ...split,
      venueId: v.venueId,
      layoutId: v.layoutId || null,
      startsAt: times.startsAt ?? '',
      endsAt: times.endsAt ?? '',
      ...(times.doorsAt ? { doorsAt: times.doorsAt } : {}),
      ...(times.saleStartsAt ? { saleStartsAt: times.saleStartsAt } : {}),
      ...(times.saleEndsAt ? { saleEndsAt: times.saleEndsAt } : {}),
    };
    const saved = await form.submit(() => call(api.POST('/api/v1/orgs/{orgId}/events', { body, params: { path: { orgId } } })));
    if (saved) onSaved(saved);
  }

  const zoneHint = `In ${zone} (${offsetLabel(zone)})`;
  const venueOptions = [{ value: '', label: venues === null ? 'Loading venues…' : venues.length ? 'Choose a venue' : 'No venues yet — add one under Venues & seating' }, ...(venues ?? []).map((v) => ({ value: v.id, label: `${v.name} (${v.address.city})` }))];
  const layoutOptions = [
    { value: '', label: !venueId ? 'Choose a venue first' : layouts === null ? 'Loading layouts…' : 'No seating layout (general admission only)' },
    ...(layouts ?? []).map((l) => ({ value: l.id, label: `${l.name} — ${plural(l.seatCount, 'seat')}${l.gaCapacity ? `, ${l.gaCapacity} standing` : ''} (v${l.version})` })),
  ];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(form.values);
      }}
    >
      <ProblemBanner error={form.problem} fields={FORM_FIELDS} />
      <Input form={form} name="name" label="Event name" required />
      <Field label="Description" error={form.errors.description} hint="Shown on the public event page.">
        {(a) => <textarea {...a} name="description" value={form.values.description} onChange={(e) => form.set('description', e.target.value)} />}
      </Field>
      <div className="row">
        <Field label="Venue" error={form.errors.venueId} hint={editingLocked ? 'The venue is fixed once the event is published.' : undefined}>
          {(a) => (
            <select {...a} name="venueId" value={form.values.venueId} disabled={editingLocked} onChange={(e) => pickVenue(e.target.value)}>
              {venueOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Seating layout" error={form.errors.layoutId} hint={editingLocked ? 'The layout was frozen into the event when it was published.' : 'Seated tickets and standing areas come from the layout.'}>
          {(a) => (
            <select {...a} name="layoutId" value={form.values.layoutId} disabled={editingLocked || !venueId} onChange={(e) => form.set('layoutId', e.target.value)}>
              {layoutOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Input form={form} name="timezone" label="Timezone" hint={zoneValid ? "The venue's timezone; every time below is read in it." : `Not a timezone we know — times are read in ${orgZone}.`} />
      <fieldset className="card">
        <legend>When</legend>
        <div className="row">
          <Input form={form} name="startsAt" label="Starts" type="datetime-local" required hint={zoneHint} />
          <Input form={form} name="endsAt" label="Ends" type="datetime-local" required hint={zoneHint} />
          <Input form={form} name="doorsAt" label="Doors open (optional)" type="datetime-local" hint={zoneHint} />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Sales</legend>
        <div className="row">
          <Input form={form} name="saleStartsAt" label="Sale opens (optional)" type="datetime-local" hint="Empty: as soon as it is put on sale." />
          <Input form={form} name="saleEndsAt" label="Sale closes (optional)" type="datetime-local" hint="Empty: until the event ends." />
          <Input form={form} name="holdMinutes" label="Hold minutes" type="number" min={1} step={1} errorKey="holdTtlSeconds" hint="How long a buyer's seats are kept while they check out (1–60)." />
        </div>
        <Checkbox form={form} name="reentryAllowed" label="Allow exit and re-entry (scanners can scan people out and back in)" />
      </fieldset>
      <fieldset className="card">
        <legend>Large events</legend>
        <div className="row">
          <Input
            form={form}
            name="shardThreshold"
            label="Split by section above (seats)"
            type="number"
            min={100}
            step={1}
            disabled={editingLocked}
            hint={editingLocked ? 'Fixed when the event was published.' : 'Empty: never. A flash sale of a big seated event sells faster when its seats are split into parts by section.'}
          />
          <Input form={form} name="shardCount" label="Into at most (parts)" type="number" min={2} max={16} step={1} disabled={editingLocked} hint="2–16; never more than the layout has sections." />
        </div>
      </fieldset>
      <SubmitButton busy={form.busy}>{submitLabel}</SubmitButton>
    </form>
  );
}
