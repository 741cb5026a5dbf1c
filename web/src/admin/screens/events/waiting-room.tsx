/**
 * The event's waiting room (issue #14; docs/waiting-room.md): its settings — on or off, when the pre-queue opens,
 * whether the pre-queue is drawn at random at sale start, a fixed admission rate or "auto" (as fast as the inventory
 * can absorb), how many shoppers at once, how long an admission lasts, seats per buyer — and, once set up, the room
 * right now and the controls to pause, resume or close it and change its rate (waiting-room-live.tsx), refreshed
 * every few seconds.
 */
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { Checkbox, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { offsetLabel, utcToZonedLocal, zonedLocalToUtc } from '../../../ui/time';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { LiveFigures, RoomControls } from './waiting-room-live';
import { can } from './perms';

type Room = Schemas['WaitingRoom'];

/** How often the live figures are read while the room is on (the settings GET reads the room's cursor). */
const REFRESH_MS = 5_000;

export type RoomFormValues = {
  enabled: boolean;
  preQueueOpensAt: string;
  shuffleAtStart: boolean;
  rateMode: string;
  ratePerMinute: string;
  maxActive: string;
  sessionMinutes: string;
  /** Empty: the default (120 s, or half a short session). */
  redeemWithinSeconds: string;
  maxSeatsPerBuyer: string;
  queueShards: string;
};

const int = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/**
 * The PUT body from the form: the pre-queue time read as the event's wall clock, "auto" as a null rate. A number the
 * organizer left empty goes as NaN (sent as null by JSON) so the API names the field to fill in.
 */
export function roomBody(v: RoomFormValues, timezone: string): Schemas['PutWaitingRoom'] {
  return {
    enabled: v.enabled,
    preQueueOpensAt: v.preQueueOpensAt.trim() ? zonedLocalToUtc(v.preQueueOpensAt, timezone) : null,
    shuffleAtStart: v.shuffleAtStart,
    ratePerMinute: v.rateMode === 'auto' ? null : int(v.ratePerMinute),
    maxActive: int(v.maxActive),
    sessionMinutes: int(v.sessionMinutes),
    redeemWithinSeconds: v.redeemWithinSeconds.trim() === '' ? null : int(v.redeemWithinSeconds),
    maxSeatsPerBuyer: int(v.maxSeatsPerBuyer),
    queueShards: int(v.queueShards),
  };
}

export function WaitingRoom() {
  const { orgId, role } = useOrg();
  const { event } = useEvent();
  const room = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/waiting-room', { params: { path: { orgId, eventId: event.id } } })), [orgId, event.id]);
  const enabled = room.data?.enabled ?? false;
  const reload = room.reload;
  useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [enabled, reload]);
  if (room.error && !room.data) return <LoadError error={room.error} />;
  if (!room.data) return <p className="loading">Loading the waiting room…</p>;
  return (
    <>
      <LiveFigures room={room.data} />
      <RoomControls
        key={`${room.data.admission}:${room.data.ratePerMinute}`} room={room.data} canEdit={can(role, 'events.manage')} onChanged={(r) => {
          room.setData({ ...r, live: r.live ?? room.data?.live ?? null });
          reload();
        }}
      />
      <RoomSettings key={room.data.updatedAt ?? 'new'} room={room.data} timezone={event.timezone} canEdit={can(role, 'events.manage')} onSaved={(r) => room.setData(r)} />
    </>
  );
}

function RoomSettings({ room, timezone, canEdit, onSaved }: { room: Room; timezone: string; canEdit: boolean; onSaved: (r: Room) => void }) {
  const { orgId } = useOrg();
  const { event } = useEvent();
  const form = useForm<RoomFormValues>({
    enabled: room.enabled,
    preQueueOpensAt: utcToZonedLocal(room.preQueueOpensAt, timezone),
    shuffleAtStart: room.shuffleAtStart,
    rateMode: room.ratePerMinute === null ? 'auto' : 'fixed',
    ratePerMinute: room.ratePerMinute === null ? '' : String(room.ratePerMinute),
    maxActive: String(room.maxActive),
    sessionMinutes: String(room.sessionMinutes),
    redeemWithinSeconds: room.redeemWithinSeconds === null ? '' : String(room.redeemWithinSeconds),
    maxSeatsPerBuyer: String(room.maxSeatsPerBuyer),
    queueShards: String(room.queueShards),
  });
  const [saved, setSaved] = useState<string | null>(null);
  const v = form.values;
  return (
    <section className="card" aria-labelledby="room-settings-heading">
      <h2 id="room-settings-heading" style={{ marginTop: 0 }}>
        Waiting room
      </h2>
      <p className="hint">
        When it is on, buyers queue before they can hold seats: the pre-queue is drawn in a random order at sale start, later arrivals queue in
        order, and the room admits buyers only as fast as seats can be bought — it stops admitting when nothing is left and tells everyone waiting.
      </p>
      <form
        noValidate
        aria-label="Waiting room settings"
        onSubmit={(e) =>
          form.submit(async (values) => {
            setSaved(null);
            const saved = await call(api.PUT('/api/v1/orgs/{orgId}/events/{eventId}/waiting-room', { params: { path: { orgId, eventId: event.id } }, body: roomBody(values, timezone) }));
            onSaved(saved);
            setSaved(saved.enabled ? 'Saved: the waiting room is on.' : 'Saved: the waiting room is off.');
          }, e)
        }
      >
        <fieldset disabled={!canEdit || form.busy} style={{ border: 0, padding: 0, margin: 0 }}>
          <ProblemBanner error={form.problem} fields={['enabled', 'preQueueOpensAt', 'shuffleAtStart', 'ratePerMinute', 'maxActive', 'sessionMinutes', 'redeemWithinSeconds', 'maxSeatsPerBuyer', 'queueShards']} />
          <Checkbox form={form} name="enabled" label="Waiting room on for this event" />
          <div className="row">
            <Input form={form} name="preQueueOpensAt" label="Pre-queue opens (optional)" type="datetime-local" hint={`In the event's time (${offsetLabel(timezone)}). Empty: whenever the room is on.`} />
            <Checkbox form={form} name="shuffleAtStart" label="Draw the pre-queue's order at random at sale start" />
          </div>
          <div className="row">
            <Select form={form} name="rateMode" label="Admission rate" options={[{ value: 'auto', label: 'Auto: as fast as seats can be bought' }, { value: 'fixed', label: 'Fixed: buyers per minute' }]} />
            {v.rateMode === 'fixed' && <Input form={form} name="ratePerMinute" label="Buyers per minute" type="number" min={1} step={1} />}
          </div>
          <div className="row">
            <Input form={form} name="maxActive" label="Shoppers at once" type="number" min={1} step={1} hint="Admitted buyers whose admission has not run out." />
            <Input form={form} name="sessionMinutes" label="Minutes to buy" type="number" min={2} step={1} hint="How long an admission lasts (2–120)." />
            <Input form={form} name="redeemWithinSeconds" label="Seconds to take a turn" type="number" min={30} step={1} hint="A buyer whose turn came has this long to come in before the next in line gets the place (30–3,600; empty: 120 s)." />
            <Input form={form} name="maxSeatsPerBuyer" label="Seats per buyer" type="number" min={1} step={1} hint="Held at once by one admitted buyer." />
          </div>
          <Input
            form={form}
            name="queueShards"
            label="Join shards"
            type="number"
            min={1}
            max={16}
            step={1}
            hint="For huge crowds: the pre-queue's joins are spread over this many parts (about one per thousand joins a second expected; 1 for most events). Needs the random draw."
          />
          {canEdit && <SubmitButton busy={form.busy}>Save waiting room</SubmitButton>}
          {!canEdit && <p className="hint">Your role can see the waiting room but not change it.</p>}
        </fieldset>
      </form>
      {saved && (
        <p className="notice" role="status">
          {saved}
        </p>
      )}
    </section>
  );
}
