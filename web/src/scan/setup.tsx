/** Set-up: choose event, gate and operator, and see whether the ticket list is on the phone. */
import { useEffect, type FormEvent } from 'react';
import { ApiError, formatInZone } from '../api/client';
import { Input, ProblemBanner, Select, SubmitButton, useForm } from '../ui/forms';
import type { DeskState, ScanDesk } from './desk';
import { unlockAudio } from './feedback';
import { formatScanTime } from './screen';
import { plural } from '../ui/plural';

export function Setup({ desk, state }: { desk: ScanDesk; state: DeskState }) {
  const device = state.device!;
  const events = device.events;
  const form = useForm({ eventId: events.length === 1 ? events[0]!.id : '', gateId: device.gate?.id ?? '', operatorName: '' });
  const eventId = form.values.eventId;
  const { setValues } = form;

  useEffect(() => {
    void desk.refreshDevice();
    void desk.lastOperator().then((name) => name && setValues((v) => (v.operatorName ? v : { ...v, operatorName: name })));
  }, [desk, setValues]);

  useEffect(() => {
    if (eventId) void desk.prepareEvent(eventId);
    // Another event may be at another venue: its gates are chosen afresh (a pinned gate stays).
    setValues((v) => ({ ...v, gateId: device.gate?.id ?? '' }));
  }, [desk, eventId, device.gate?.id, setValues]);

  const event = state.event && state.event.id === eventId ? state.event : null;
  const chosen = events.find((ev) => ev.id === eventId);
  const gates = device.gate ? [{ id: device.gate.id, name: device.gate.name }] : (event?.gates ?? []);
  const gateOptions = device.gate
    ? gates.map((g) => ({ value: g.id, label: g.name }))
    : !eventId
      ? [{ value: '', label: 'Choose an event first' }]
      : !event?.ready
        ? [{ value: '', label: state.online ? 'Loading gates…' : 'Offline: gates unknown until the event downloads' }]
        : gates.length === 0
          ? [{ value: '', label: 'No gates at this venue' }]
          : [{ value: '', label: 'Choose a gate' }, ...gates.map((g) => ({ value: g.id, label: g.name }))];

  // A venue with one gate: nothing to choose.
  const onlyGate = !device.gate && event?.ready && gates.length === 1 ? gates[0]!.id : null;
  useEffect(() => {
    if (onlyGate) setValues((v) => (v.gateId ? v : { ...v, gateId: onlyGate }));
  }, [onlyGate, setValues]);

  const start = (e: FormEvent) =>
    form.submit(async (v) => {
      unlockAudio();
      const errors: Record<string, string> = {};
      if (!v.eventId) errors.eventId = 'Choose the event you are scanning for';
      if (!v.gateId && gates.length > 0) errors.gateId = 'Choose the gate you are at';
      else if (!v.gateId && v.eventId && !device.gate && !event?.ready && state.online) errors.gateId = 'The gates are still loading: a moment, please';
      if (!v.operatorName.trim()) errors.operatorName = 'Who is scanning? (your name)';
      if (Object.keys(errors).length) {
        throw new ApiError({ title: 'Check the form', status: 422, errors: Object.entries(errors).map(([k, message]) => ({ path: `body.${k}`, message })) });
      }
      await desk.startSession({ eventId: v.eventId, gateId: v.gateId || null, operatorName: v.operatorName });
    }, e);

  if (events.length === 0) {
    return (
      <section className="card scan-narrow">
        <h1>No events for this device</h1>
        <p>This device is not assigned to any event. In Admin → Scanner devices, edit the device and choose its events, then press Refresh.</p>
        <button type="button" onClick={() => void desk.refreshDevice()}>
          Refresh
        </button>
      </section>
    );
  }

  return (
    <section className="card scan-narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">Start a scan session</h1>
      <form onSubmit={(e) => void start(e)} noValidate>
        <ProblemBanner error={form.problem} fields={['eventId', 'gateId', 'operatorName']} />
        <Select
          form={form}
          name="eventId"
          label="Event"
          options={[
            ...(events.length > 1 ? [{ value: '', label: 'Choose an event' }] : []),
            ...events.map((ev) => ({ value: ev.id, label: ev.name })),
          ]}
          hint={chosen ? `${formatInZone(chosen.startsAt, chosen.timezone)} (${chosen.timezone})${chosen.status === 'draft' || chosen.status === 'cancelled' ? ` · ${chosen.status}` : ''}` : undefined}
        />
        <Select form={form} name="gateId" label="Gate" options={gateOptions} hint={device.gate ? 'This device is pinned to this gate.' : undefined} />
        <Input form={form} name="operatorName" label="Operator" autoComplete="name" placeholder="Your name" required />
        {event && <ManifestStatus state={state} />}
        <SubmitButton busy={form.busy}>Start scanning</SubmitButton>
      </form>
    </section>
  );
}

function ManifestStatus({ state }: { state: DeskState }) {
  const ev = state.event!;
  return (
    <p className="hint" aria-live="polite">
      {ev.ready
        ? `Offline ticket list: ${plural(ev.tickets, 'ticket')}, ${ev.checkedIn} checked in · synced ${ev.syncedAt ? formatScanTime(ev.syncedAt, ev.timezone) : 'never'}`
        : state.syncing
          ? 'Downloading the ticket list for offline scanning…'
          : state.online
            ? 'The ticket list has not downloaded yet.'
            : 'Offline: the ticket list downloads when the connection returns.'}
      {state.syncError && <span className="field-error"> — {state.syncError}</span>}
    </p>
  );
}
