/**
 * Exports: request one (orders, attendees, check-ins as CSV; an event's settlement statement or sales summary as CSV
 * or a branded PDF), follow its progress (polled every 1.5 s while queued or running) and download it through its
 * signed link once completed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Field, ProblemBanner, SubmitButton, useForm } from '../../ui/forms';
import { PagedTable, usePaged } from '../../ui/list';
import { atLeast, useOrg } from '../session';
import { errorText, eventName, StatusBadge, Time, useEvents } from './ops/common';
import { downloadLinkUsable, EXPORT_KINDS, exportIsActive, exportKindInfo, exportProgress, exportRequestBody, formatBytes, humanize } from './ops/logic';
import './ops/ops.css';

type Job = Schemas['ExportJob'];
type Kind = Job['kind'];

const POLL_MS = 1500;

export default function ExportsScreen() {
  const { role } = useOrg();
  if (!atLeast(role, 'staff'))
    return (
      <>
        <h1>Exports</h1>
        <p className="banner">CSV exports are for staff, admins and owners. Ask an admin of the organization for an export.</p>
      </>
    );
  return <Exports />;
}

function Exports() {
  const { orgId } = useOrg();
  const { events, byId } = useEvents();
  const [fresh, setFresh] = useState<Record<string, Job>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const list = usePaged<Job>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/exports', { params: { path: { orgId }, query: { cursor, limit: 20 } } })), [orgId]);
  const form = useForm<{ kind: Kind; eventId: string; format: 'csv' | 'pdf' }>({ kind: 'orders', eventId: '', format: 'csv' });

  // The latest known state of each job on the page: the list's, or a newer one from polling.
  const jobs = list.items.map((j) => fresh[j.id] ?? j);
  const active = jobs.filter(exportIsActive).map((j) => j.id);
  const activeKey = active.join(',');

  const refresh = useCallback(
    async (id: string) => {
      const job = await call(api.GET('/api/v1/orgs/{orgId}/exports/{exportId}', { params: { path: { orgId, exportId: id } } }));
      setFresh((f) => ({ ...f, [id]: job }));
      return job;
    },
    [orgId],
  );

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (!activeKey) return;
    let cancelled = false;
    const tick = async () => {
      await Promise.all(activeKey.split(',').map((id) => refresh(id).catch(() => undefined)));
      if (!cancelled) timer.current = setTimeout(tick, POLL_MS);
    };
    timer.current = setTimeout(tick, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
    };
  }, [activeKey, refresh]);

  const kind = form.values.kind;
  const info = exportKindInfo(kind);
  const needsEvent = info.event;

  return (
    <>
      <h1>Exports</h1>
      <section className="card ops-card" aria-labelledby="new-export-title">
        <h2 id="new-export-title">Request an export</h2>
        <p className="hint">CSV files (UTF-8, open in Excel, Numbers and Google Sheets); the settlement statement and the sales summary also as PDF, with your organization’s name, colours and VAT number. They are written in the background and kept for 7 days.</p>
        {notice && (
          <p className="banner ok" role="status">
            {notice}
          </p>
        )}
        <form
          noValidate
          className="toolbar ops-filters"
          onSubmit={(e) =>
            form.submit(async (v) => {
              setNotice(null);
              const job = await call(
                api.POST('/api/v1/orgs/{orgId}/exports', {
                  params: { path: { orgId } },
                  body: exportRequestBody(v),
                }),
              );
              setFresh((f) => ({ ...f, [job.id]: job }));
              setNotice(`${humanize(job.kind)} export requested: follow its progress below.`);
              list.reload();
            }, e)
          }
        >
          <Field label="What" error={form.errors.kind}>
            {(a) => (
              <select {...a} name="kind" value={kind} onChange={(e) => form.set('kind', e.target.value as Kind)}>
                {EXPORT_KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Event" error={form.errors.eventId} hint={needsEvent ? 'Required for this export.' : undefined}>
            {(a) => (
              <select {...a} name="eventId" value={form.values.eventId} onChange={(e) => form.set('eventId', e.target.value)}>
                <option value="">{needsEvent ? 'Choose an event' : 'All events'}</option>
                {events.map((ev) => (
                  <option key={ev.id} value={ev.id}>
                    {ev.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {info.pdf && (
            <Field label="Format" error={form.errors.format}>
              {(a) => (
                <select {...a} name="format" value={form.values.format} onChange={(e) => form.set('format', e.target.value as 'csv' | 'pdf')}>
                  <option value="csv">CSV</option>
                  <option value="pdf">PDF document</option>
                </select>
              )}
            </Field>
          )}
          <SubmitButton busy={form.busy}>Request export</SubmitButton>
        </form>
        <ProblemBanner error={form.problem} fields={['kind', 'eventId', 'format']} />
      </section>

      <PagedTable
        list={{ ...list, items: jobs }}
        caption="Exports, newest first"
        rowKey={(j) => j.id}
        empty="No exports yet."
        columns={[
          { header: 'Export', cell: (j) => `${humanize(j.kind)}${j.format === 'pdf' ? ' (PDF)' : ''}` },
          { header: 'Event', cell: (j) => eventName(byId, j.eventId) },
          { header: 'Requested', cell: (j) => <Time iso={j.createdAt} /> },
          { header: 'Status', cell: (j) => <StatusBadge status={j.status} /> },
          { header: 'Progress', cell: (j) => <Progress job={j} /> },
          { header: 'File', cell: (j) => <Download job={j} refresh={refresh} /> },
        ]}
      />
    </>
  );
}

function Progress({ job }: { job: Job }) {
  const p = exportProgress(job);
  return (
    <div className="ops-progress">
      <progress max={p.max} value={p.value} aria-label={`Progress of the ${humanize(job.kind)} export`} aria-valuetext={p.label} />
      <small>{p.label}</small>
      {job.status === 'failed' && job.error && (
        <small className="field-error" role="alert">
          {job.error}
        </small>
      )}
    </div>
  );
}

function Download({ job, refresh }: { job: Job; refresh: (id: string) => Promise<Job> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (job.status !== 'completed') return <>—</>;
  if (job.expiresAt && Date.parse(job.expiresAt) <= Date.now()) return <span className="hint">Expired (files are kept 7 days)</span>;
  const size = formatBytes(job.sizeBytes);
  if (downloadLinkUsable(job, Date.now())) {
    return (
      <>
        <a
          className="button"
          href={job.downloadUrl!}
          download
          onClick={(e) => {
            // The signed link lives 15 minutes: a page left open gets a fresh one first.
            if (downloadLinkUsable(job, Date.now())) return;
            e.preventDefault();
            refresh(job.id)
              .then((j) => j.downloadUrl && location.assign(j.downloadUrl))
              .catch((err) => setError(errorText(err)));
          }}
        >
          Download {job.format === 'pdf' ? 'PDF' : 'CSV'} <small>({size})</small>
        </a>
        {error && (
          <small className="field-error" role="alert">
            {error}
          </small>
        )}
        {job.expiresAt && (
          <small className="hint">
            <br />
            Kept until <Time iso={job.expiresAt} opts={{ dateStyle: 'medium' }} />
          </small>
        )}
      </>
    );
  }
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await refresh(job.id);
          } catch (e) {
            setError(errorText(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Getting link…' : `Get download link (${size})`}
      </button>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </>
  );
}
