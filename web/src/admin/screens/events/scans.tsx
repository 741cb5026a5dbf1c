/**
 * Scans tab: every scan of the event, newest first, filtered by result, device or ticket. Supervisors (and up)
 * can undo a mistaken check-in with a reason; the ticket can then enter again.
 */
import { useState, type FormEvent } from 'react';
import { api, call, formatInZone, type Schemas } from '../../../api/client';
import { Field, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { PagedTable, usePaged } from '../../../ui/list';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { can } from './perms';
import { useEventSetup } from './ticket-types';
import { loadAll, useLoad } from '../../../ui/load';

type Scan = Schemas['ScanRecord'];
type Result = Scan['result'];

export const RESULT_LABEL: Record<Result, string> = {
  valid: 'Valid (checked in)',
  duplicate: 'Duplicate',
  invalid_token: 'Not a ticket of ours',
  wrong_gate: 'Wrong gate',
  cancelled: 'Cancelled ticket',
  revoked: 'Old copy (re-issued)',
  not_yet_valid: 'Not yet valid',
  expired: 'Expired',
  exit: 'Exit',
  reentry_not_allowed: 'Re-entry not allowed',
  not_inside: 'Not inside',
};
const RESULT_BADGE: Partial<Record<Result, string>> = { valid: 'ok', exit: '', duplicate: 'warn' };

export function Scans() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const { gates } = useEventSetup();
  const devices = useLoad(
    () => (can(role, 'devices.read') ? loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/devices', { params: { path: { orgId }, query: { cursor, limit: 100 } } }))) : Promise.resolve([])),
    [orgId, role],
  );
  const [result, setResult] = useState<'' | Result>('');
  // The dashboard links here with ?double=1: the scans that let someone in on a ticket already used.
  const [doubleOnly, setDoubleOnly] = useState(() => new URLSearchParams(window.location.search).get('double') === '1');
  const [deviceId, setDeviceId] = useState('');
  const [ticketInput, setTicketInput] = useState('');
  const [ticketId, setTicketId] = useState('');
  const [undoing, setUndoing] = useState<Scan | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = usePaged<Scan>(
    (cursor) =>
      call(
        api.GET('/api/v1/orgs/{orgId}/events/{eventId}/scans', {
          params: { path: { orgId, eventId: event.id }, query: { cursor, limit: 50, ...(result ? { result } : {}), ...(deviceId ? { deviceId } : {}), ...(ticketId ? { ticketId } : {}), ...(doubleOnly ? { doubleAdmission: 'true' as const } : {}) } },
        }),
      ),
    [orgId, event.id, result, deviceId, ticketId, doubleOnly],
  );
  const locale = organization.settings.locale;
  const deviceName = (id: string) => devices.data?.find((d) => d.id === id)?.name ?? id;
  const gateName = (id: string | null) => (id ? (gates.data?.find((g) => g.id === id)?.name ?? id) : '—');
  const mayUndo = can(role, 'checkins.undo');

  function applyTicket(e: FormEvent) {
    e.preventDefault();
    setTicketId(ticketInput.trim());
  }

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Scans</h2>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      {notice && (
        <p className="banner ok" role="status">
          {notice}
        </p>
      )}
      <form className="toolbar" onSubmit={applyTicket} role="search" aria-label="Filter scans">
        <div className="field">
          <label htmlFor="scan-result">Result</label>
          <select id="scan-result" value={result} onChange={(e) => setResult(e.target.value as '' | Result)}>
            <option value="">All results</option>
            {(Object.keys(RESULT_LABEL) as Result[]).map((r) => (
              <option key={r} value={r}>
                {RESULT_LABEL[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scan-device">Device</label>
          <select id="scan-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            <option value="">All devices</option>
            {(devices.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scan-ticket">Ticket id</label>
          <input id="scan-ticket" value={ticketInput} onChange={(e) => setTicketInput(e.target.value)} placeholder="tkt_…" />
        </div>
        <label className="inline-check">
          <input type="checkbox" checked={doubleOnly} onChange={(e) => setDoubleOnly(e.target.checked)} /> Only let in on a used ticket
        </label>
        <button type="submit">Filter</button>
        {(result || deviceId || ticketId || doubleOnly) && (
          <button
            type="button"
            onClick={() => {
              setResult('');
              setDoubleOnly(false);
              setDeviceId('');
              setTicketInput('');
              setTicketId('');
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      {undoing && (
        <UndoForm
          scan={undoing}
          onDone={(done) => {
            setUndoing(null);
            if (done) {
              setNotice(`Check-in of ticket ${undoing.ticketId} undone: it can enter again.`);
              list.reload();
            }
          }}
        />
      )}
      <PagedTable
        list={list}
        rowKey={(s) => s.id}
        caption="Scans, newest first"
        empty={result || deviceId || ticketId || doubleOnly ? 'No scans match these filters.' : 'No scans yet: they appear here as scanner devices check tickets (Scanner devices, in the menu, registers a phone).'}
        columns={[
          {
            header: 'Scanned',
            cell: (s) => (
              <time dateTime={s.scannedAt}>{formatInZone(s.scannedAt, event.timezone, locale, { dateStyle: 'short', timeStyle: 'medium' })}</time>
            ),
          },
          {
            header: 'Result',
            cell: (s) => (
              <>
                <span className={`badge ${RESULT_BADGE[s.result] ?? 'bad'}`}>{RESULT_LABEL[s.result]}</span>
                {s.doubleAdmission && (
                  <>
                    {' '}
                    <span className="badge bad">Let in on a used ticket</span>
                  </>
                )}
                {s.shownResult && s.shownResult !== s.result && <small className="hint"> (the gate showed {RESULT_LABEL[s.shownResult].toLowerCase()})</small>}
              </>
            ),
          },
          { header: 'Direction', cell: (s) => (s.direction === 'in' ? 'In' : 'Out') },
          {
            header: 'Ticket',
            cell: (s) =>
              s.ticketId ? (
                <button type="button" className="link" onClick={() => (setTicketInput(s.ticketId!), setTicketId(s.ticketId!))} title="Show this ticket's scans">
                  <code>{s.ticketId}</code>
                </button>
              ) : (
                '—'
              ),
          },
          { header: 'Device', cell: (s) => deviceName(s.deviceId) },
          { header: 'Gate', cell: (s) => gateName(s.gateId) },
          { header: 'Mode', cell: (s) => (s.offline ? `Offline (uploaded ${formatInZone(s.receivedAt, event.timezone, locale, { timeStyle: 'short' })})` : 'Online') },
          ...(mayUndo
            ? [
                {
                  header: 'Actions',
                  cell: (s: Scan) =>
                    s.result === 'valid' && s.direction === 'in' && s.ticketId ? (
                      <button type="button" onClick={() => (setUndoing(s), setNotice(null))} aria-label={`Undo check-in of ticket ${s.ticketId}`}>
                        Undo check-in
                      </button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function UndoForm({ scan, onDone }: { scan: Scan; onDone: (done: boolean) => void }) {
  const { event } = useEvent();
  const { orgId } = useOrg();
  const form = useForm({ reason: '' });
  return (
    <form
      className="card"
      noValidate
      aria-labelledby="undo-title"
      onSubmit={(e) =>
        void form
          .submit(
            (v) =>
              call(
                api.POST('/api/v1/orgs/{orgId}/events/{eventId}/tickets/{ticketId}/undo-check-in', {
                  params: { path: { orgId, eventId: event.id, ticketId: scan.ticketId! } },
                  body: { reason: v.reason },
                }),
              ),
            e,
          )
          .then((r) => r && onDone(true))
      }
    >
      <h3 id="undo-title" style={{ marginTop: 0 }}>
        Undo the check-in of ticket <code>{scan.ticketId}</code>
      </h3>
      <p className="hint">The ticket can be scanned in again. The reason is kept in the audit log.</p>
      <ProblemBanner error={form.problem} fields={['reason']} />
      <Field label="Reason" error={form.errors.reason}>
        {(a) => <textarea {...a} name="reason" value={form.values.reason} onChange={(e) => form.set('reason', e.target.value)} placeholder="Scanned the wrong ticket in the queue" required />}
      </Field>
      <div className="toolbar">
        <SubmitButton busy={form.busy}>Undo check-in</SubmitButton>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
