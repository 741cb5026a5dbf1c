/**
 * The Reports screen's "Scheduled emails" section: the signed-in member's own report schedules (a PDF per event by
 * email, daily or weekly at a local hour) — listed, added, stopped. Each email also carries an unsubscribe link.
 * Pure parts: ./schedule-logic.ts (test/web/reports/schedules.test.ts).
 */
import { api, call, type Schemas } from '../../../api/client';
import { Field, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { ConfirmAction } from '../ops/common';
import { describeSchedule, EMPTY_SCHEDULE, hourLabel, REPORT_NAMES, scheduleBody, WEEKDAYS, type ScheduleForm } from './schedule-logic';

type EventT = Schemas['Event'];

export function ReportSchedules({ events }: { events: EventT[] }) {
  const { orgId, organization } = useOrg();
  const list = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/report-schedules', { params: { path: { orgId } } })), [orgId]);
  const form = useForm<ScheduleForm>(EMPTY_SCHEDULE);
  const name = (id: string) => events.find((e) => e.id === id)?.name ?? id;
  const set = (k: keyof ScheduleForm) => (e: React.ChangeEvent<HTMLSelectElement>) => form.set(k, e.target.value as never);
  const items = list.data?.items ?? [];

  return (
    <section className="card ops-card" aria-labelledby="report-schedules-title">
      <h2 id="report-schedules-title">Scheduled emails</h2>
      <p className="hint">
        Get a report as a PDF by email, to you ({organization.settings.timezone} time). Each email has an unsubscribe link.
      </p>
      <LoadError error={list.error} />
      {items.length === 0 && !list.loading && !list.error && <p className="hint">You have no scheduled reports.</p>}
      {items.length > 0 && (
        <ul aria-label="Your scheduled reports" style={{ listStyle: 'none', padding: 0 }}>
          {items.map((s) => (
            <li key={s.id} className="toolbar" style={{ justifyContent: 'space-between' }}>
              <span>
                {describeSchedule(s, name)}
                {s.lastSentPeriod && <small className="hint"> · last sent for {s.lastSentPeriod}</small>}
              </span>
              <ConfirmAction
                label="Stop"
                confirmLabel="Stop sending"
                question={`Stop the ${REPORT_NAMES[s.kind].toLowerCase()} emails?`}
                onConfirm={async () => {
                  await call(api.DELETE('/api/v1/orgs/{orgId}/report-schedules/{scheduleId}', { params: { path: { orgId, scheduleId: s.id } } }));
                  list.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <form
        noValidate
        className="toolbar ops-filters"
        aria-label="Schedule a report"
        onSubmit={(e) =>
          form.submit(async (v) => {
            await call(api.POST('/api/v1/orgs/{orgId}/report-schedules', { params: { path: { orgId } }, body: scheduleBody(v) }));
            list.reload();
          }, e)
        }
      >
        <Field label="Report" error={form.errors.kind}>
          {(a) => (
            <select {...a} name="kind" value={form.values.kind} onChange={set('kind')}>
              <option value="sales_summary">{REPORT_NAMES.sales_summary}</option>
              <option value="settlement">{REPORT_NAMES.settlement}</option>
            </select>
          )}
        </Field>
        <Field label="Events to report on" error={form.errors.eventIds}>
          {(a) => (
            <select {...a} name="eventId" value={form.values.eventId} onChange={set('eventId')}>
              <option value="">Every event in play</option>
              {events.map((ev) => (
                <option key={ev.id} value={ev.id}>
                  {ev.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="How often" error={form.errors.frequency}>
          {(a) => (
            <select {...a} name="frequency" value={form.values.frequency} onChange={set('frequency')}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          )}
        </Field>
        {form.values.frequency === 'weekly' && (
          <Field label="On" error={form.errors.weekday}>
            {(a) => (
              <select {...a} name="weekday" value={form.values.weekday} onChange={set('weekday')}>
                {WEEKDAYS.map((d, i) => (
                  <option key={d} value={String(i + 1)}>
                    {d}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="At" error={form.errors.hour}>
          {(a) => (
            <select {...a} name="hour" value={form.values.hour} onChange={set('hour')}>
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h} value={String(h)}>
                  {hourLabel(h)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <SubmitButton busy={form.busy}>Schedule</SubmitButton>
      </form>
      <ProblemBanner error={form.problem} fields={['kind', 'eventIds', 'frequency', 'weekday', 'hour']} />
    </section>
  );
}
