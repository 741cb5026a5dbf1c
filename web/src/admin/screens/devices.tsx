/**
 * Scanner devices: the list, registering one (its token shown once, as text, a QR code and a sign-in link for the
 * scanner app), changing its name, events and gate, and revoking it.
 */
import { useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { Field, Input, ProblemBanner, SubmitButton, useForm, type FormState } from '../../ui/forms';
import { PagedTable, usePaged } from '../../ui/list';
import { useLoad } from '../../ui/load';
import { atLeast, useOrg } from '../session';
import { BackLink, ConfirmAction, CopyButton, eventName, QrImage, SecretOnce, StatusBadge, RecordPending, Time, useEvents, useGates, type EventT } from './ops/common';
import { listFieldError, placedKeys, scannerLink } from './ops/logic';
import './ops/ops.css';

type Device = Schemas['Device'];
type DeviceValues = { name: string; eventIds: string[]; gateId: string };

export default function DevicesScreen() {
  return (
    <Switch>
      <Route path="/" component={DeviceList} />
      <Route path="/:deviceId">{(p) => <DeviceDetail deviceId={p.deviceId} />}</Route>
    </Switch>
  );
}

function DeviceList() {
  const { orgId, role } = useOrg();
  const { byId: events } = useEvents();
  const [registering, setRegistering] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedDevice'] | null>(null);
  const list = usePaged<Device>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/devices', { params: { path: { orgId }, query: { cursor, limit: 25 } } })), [orgId]);
  const venueIds = list.items.flatMap((d) => d.eventIds.map((id) => events.get(id)?.venueId).filter((v): v is string => Boolean(v)));
  const { byId: gates } = useGates(venueIds);
  const canManage = atLeast(role, 'staff');

  return (
    <>
      <div className="ops-head">
        <h1>Scanner devices</h1>
        {canManage && !registering && !created && (
          <button type="button" className="primary" onClick={() => setRegistering(true)}>
            Register device
          </button>
        )}
      </div>
      <p className="hint">A device is a phone or scanner at the gate. It signs in to the scanner app with its token and may check tickets of its events only.</p>

      {registering && (
        <RegisterDevice
          onCancel={() => setRegistering(false)}
          onCreated={(d) => {
            setRegistering(false);
            setCreated(d);
            list.reload();
          }}
        />
      )}
      {created && <DeviceToken device={created} onDone={() => setCreated(null)} />}

      <PagedTable
        list={list}
        caption="Registered devices"
        rowKey={(d) => d.id}
        empty="No devices yet. Register one for each phone or scanner at the gates."
        columns={[
          { header: 'Name', cell: (d) => <Link href={`/${d.id}`}>{d.name}</Link> },
          { header: 'Token', cell: (d) => <code>{d.tokenPrefix}…</code> },
          { header: 'Events', cell: (d) => d.eventIds.map((id) => eventName(events, id)).join(', ') },
          { header: 'Gate', cell: (d) => (d.gateId ? (gates.get(d.gateId)?.name ?? d.gateId) : 'Chosen per session') },
          { header: 'Last seen', cell: (d) => <Time iso={d.lastSeenAt} fallback="Never" /> },
          { header: 'Status', cell: (d) => (d.revokedAt ? <StatusBadge status="revoked" /> : <StatusBadge status="active" />) },
        ]}
      />
    </>
  );
}

/** The events (checkboxes) and the gate (of the chosen events' venues) of a device. */
function DeviceFields({ form, events }: { form: FormState<DeviceValues>; events: EventT[] }) {
  const chosen = form.values.eventIds;
  const venueIds = chosen.map((id) => events.find((e) => e.id === id)?.venueId).filter((v): v is string => Boolean(v));
  const { gates } = useGates(venueIds);
  const gateOptions = [...gates.entries()].flatMap(([, list]) => list);
  const eventsError = listFieldError(form.errors, 'eventIds');
  const selectable = events.filter((e) => (e.status !== 'cancelled' && e.status !== 'completed') || chosen.includes(e.id));

  // A gate of a venue no longer chosen is dropped.
  useEffect(() => {
    if (!form.values.gateId) return;
    if (chosen.length === 0 || (gates.size > 0 && !gateOptions.some((g) => g.id === form.values.gateId))) form.set('gateId', '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gates, chosen.length]);

  return (
    <>
      <Input form={form} name="name" label="Device name" hint="E.g. “Gate A phone 1”" required />
      <fieldset className={`ops-checks${eventsError ? ' invalid' : ''}`} aria-describedby={eventsError ? 'device-events-error' : undefined}>
        <legend>Events it may scan</legend>
        {selectable.length === 0 && <p className="hint">No events yet: create an event first.</p>}
        {selectable.map((e) => (
          <label key={e.id}>
            <input
              type="checkbox"
              name="eventIds"
              value={e.id}
              checked={chosen.includes(e.id)}
              onChange={(ev) => form.set('eventIds', ev.target.checked ? [...chosen, e.id] : chosen.filter((x) => x !== e.id))}
            />{' '}
            {e.name}
          </label>
        ))}
        {eventsError && (
          <small id="device-events-error" className="field-error" role="alert">
            {eventsError}
          </small>
        )}
      </fieldset>
      <Field label="Gate" error={form.errors.gateId} hint={chosen.length === 0 ? 'Choose its events first: the gates are those of their venue.' : 'Pin the device to one gate, or let the operator choose at each scan session.'}>
        {(a) => (
          <select {...a} name="gateId" value={form.values.gateId} onChange={(e) => form.set('gateId', e.target.value)} disabled={chosen.length === 0}>
            <option value="">Any gate (chosen per scan session)</option>
            {gateOptions.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function RegisterDevice({ onCancel, onCreated }: { onCancel: () => void; onCreated: (d: Schemas['CreatedDevice']) => void }) {
  const { orgId } = useOrg();
  const { events } = useEvents();
  const form = useForm<DeviceValues>({ name: '', eventIds: [], gateId: '' });
  return (
    <section className="card ops-card" aria-labelledby="register-device-title">
      <h2 id="register-device-title">Register a scanner device</h2>
      <form
        noValidate
        onSubmit={(e) =>
          form.submit(async (v) => {
            const device = await call(
              api.POST('/api/v1/orgs/{orgId}/devices', {
                params: { path: { orgId } },
                body: { name: v.name.trim(), eventIds: v.eventIds, ...(v.gateId ? { gateId: v.gateId } : {}) },
              }),
            );
            onCreated(device);
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['name', 'eventIds', 'gateId'])} />
        <DeviceFields form={form} events={events} />
        <div className="ops-actions">
          <SubmitButton busy={form.busy}>Register device</SubmitButton>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new device's token, once: text to type in, a QR code the scanner app reads, and a link to open on the phone. */
function DeviceToken({ device, onDone }: { device: Schemas['CreatedDevice']; onDone: () => void }) {
  const link = scannerLink(location.origin, device.token);
  return (
    <SecretOnce title={`Device token for “${device.name}”`} secret={device.token} testId="device-token" onDone={onDone}>
      <div className="ops-token-qr">
        <QrImage text={device.token} alt={`QR code of the device token for ${device.name}`} />
        <div>
          <p>
            <strong>On the phone:</strong> open the scanner app and scan this QR code, or open this link on the phone:
          </p>
          <p>
            <a href={link} data-testid="device-link">
              {link}
            </a>
          </p>
          <p className="toolbar">
            <CopyButton text={link} label="Copy link" />
          </p>
        </div>
      </div>
    </SecretOnce>
  );
}

function DeviceDetail({ deviceId }: { deviceId: string }) {
  const { orgId, role } = useOrg();
  const { events, byId } = useEvents();
  const [, navigate] = useLocation();
  const [saved, setSaved] = useState(false);
  const form = useForm<DeviceValues>({ name: '', eventIds: [], gateId: '' });
  const {
    data: device,
    setData: setDevice,
    error,
  } = useLoad(async () => {
    const d = await call(api.GET('/api/v1/orgs/{orgId}/devices/{deviceId}', { params: { path: { orgId, deviceId } } }));
    form.setValues({ name: d.name, eventIds: d.eventIds, gateId: d.gateId ?? '' });
    return d;
  }, [orgId, deviceId]);
  const canManage = atLeast(role, 'staff');
  const venueIds = (device?.eventIds ?? []).map((id) => byId.get(id)?.venueId).filter((v): v is string => Boolean(v));
  const { byId: gates } = useGates(venueIds);

  if (error || !device) return <RecordPending area="devices" label="Scanner devices" error={error} />;

  return (
    <>
      <BackLink area="devices" label="Scanner devices" />
      <div className="ops-head">
        <h1>{device.name}</h1>
        {device.revokedAt ? <StatusBadge status="revoked" /> : <StatusBadge status="active" />}
      </div>
      <dl className="facts card">
        <dt>Token</dt>
        <dd>
          <code>{device.tokenPrefix}…</code> <small className="hint">(the whole token was shown only when it was registered; lost it? Revoke this device below and register it again)</small>
        </dd>
        <dt>Events</dt>
        <dd>{device.eventIds.map((id) => eventName(byId, id)).join(', ')}</dd>
        <dt>Gate</dt>
        <dd>{device.gateId ? (gates.get(device.gateId)?.name ?? device.gateId) : 'Chosen per scan session'}</dd>
        <dt>Registered</dt>
        <dd>
          <Time iso={device.createdAt} />
        </dd>
        <dt>Last seen</dt>
        <dd>
          <Time iso={device.lastSeenAt} fallback="Never" />
        </dd>
        {device.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>
              <Time iso={device.revokedAt} />
            </dd>
          </>
        )}
      </dl>

      {canManage && !device.revokedAt && (
        <>
          <section className="card ops-card" aria-labelledby="edit-device-title">
            <h2 id="edit-device-title">Change the device</h2>
            {saved && (
              <p className="banner ok" role="status">
                Saved.
              </p>
            )}
            <form
              noValidate
              onSubmit={(e) =>
                form.submit(async (v) => {
                  setSaved(false);
                  const d = await call(
                    api.PATCH('/api/v1/orgs/{orgId}/devices/{deviceId}', {
                      params: { path: { orgId, deviceId } },
                      body: { name: v.name.trim(), eventIds: v.eventIds, gateId: v.gateId || null },
                    }),
                  );
                  setDevice(d);
                  setSaved(true);
                }, e)
              }
            >
              <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['name', 'eventIds', 'gateId'])} />
              <DeviceFields form={form} events={events} />
              <SubmitButton busy={form.busy}>Save changes</SubmitButton>
            </form>
          </section>
          <section className="card ops-card" aria-labelledby="revoke-device-title">
            <h2 id="revoke-device-title">Revoke</h2>
            <p>A revoked device is refused from its next request on: lost phones, or a device no longer used.</p>
            <ConfirmAction
              label="Revoke device"
              question={`Revoke “${device.name}”? It cannot be undone; register a new device instead.`}
              onConfirm={async () => {
                await call(api.DELETE('/api/v1/orgs/{orgId}/devices/{deviceId}', { params: { path: { orgId, deviceId } } }));
                navigate(`~/admin/orgs/${orgId}/devices`);
              }}
            />
          </section>
        </>
      )}
    </>
  );
}
