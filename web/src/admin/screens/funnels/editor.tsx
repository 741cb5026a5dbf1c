/**
 * The funnel builder: a name, an optional event, the ordered steps (picked from the journey kinds; add, remove, move
 * up and down; 2–8, none twice) and optional filters — channel, ticket type (when an event is chosen), device class.
 * Saves with POST (new) or PATCH (every field, so a cleared filter is cleared). Pure parts: ./logic.ts.
 */
import { useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { stepLabel } from '../analytics/funnel-logic';
import { addStep, availableKinds, CHANNELS, DEVICE_CLASSES, draftErrors, draftFromFunnel, EMPTY_DRAFT, funnelBody, MAX_STEPS, moveStep, removeStep, type FunnelDraft, type JourneyKind, type SavedFunnel } from './logic';

export function FunnelEditor({ funnel, events, onSaved, onCancel }: { funnel: SavedFunnel | null; events: Schemas['Event'][]; onSaved: (f: SavedFunnel) => void; onCancel: () => void }) {
  const { orgId } = useOrg();
  const form = useForm<FunnelDraft>(funnel ? draftFromFunnel(funnel) : EMPTY_DRAFT);
  const v = form.values;
  const left = availableKinds(v.steps);
  const [next, setNext] = useState<JourneyKind | ''>('');
  const pick = next && left.includes(next) ? next : (left[0] ?? '');
  const types = useLoad(
    () => (v.eventId ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/ticket-types', { params: { path: { orgId, eventId: v.eventId } } })).then((r) => r.items) : Promise.resolve([])),
    [orgId, v.eventId],
  );
  const setSteps = (steps: JourneyKind[]) => form.set('steps', steps);
  const stepsError = form.errors.steps;

  const save = (e: React.FormEvent) =>
    form.submit(async (values) => {
      const errors = draftErrors(values);
      if (Object.keys(errors).length) {
        form.setErrors(errors);
        return;
      }
      const body = funnelBody(values);
      const saved = funnel
        ? await call(api.PATCH('/api/v1/orgs/{orgId}/funnels/{funnelId}', { params: { path: { orgId, funnelId: funnel.id } }, body }))
        : await call(api.POST('/api/v1/orgs/{orgId}/funnels', { params: { path: { orgId } }, body }));
      onSaved(saved);
    }, e);

  return (
    <form className="card" noValidate onSubmit={save} aria-labelledby="funnel-editor-h">
      <h2 id="funnel-editor-h">{funnel ? `Edit “${funnel.name}”` : 'New funnel'}</h2>
      <ProblemBanner error={form.problem} fields={['name', 'eventId', 'steps', 'filters.channel', 'filters.ticketTypeId', 'filters.deviceClass']} />
      <Input form={form} name="name" label="Name" />
      <Field label="Event" hint="Leave on “Every event” to follow visitors of all your events.">
        {(a) => (
          <select {...a} value={v.eventId} onChange={(e) => form.setValues((d) => ({ ...d, eventId: e.target.value, ticketTypeId: '' }))}>
            <option value="">Every event</option>
            {events.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {ev.name}
              </option>
            ))}
          </select>
        )}
      </Field>

      <fieldset className={stepsError ? 'invalid' : undefined} aria-describedby={stepsError ? 'funnel-steps-error' : undefined}>
        <legend>Steps, in order ({v.steps.length} of at most {MAX_STEPS})</legend>
        <ol className="funnel-steps">
          {v.steps.map((kind, i) => (
            <li key={kind}>
              <span>{stepLabel(kind)}</span>{' '}
              <button type="button" onClick={() => setSteps(moveStep(v.steps, i, -1))} disabled={i === 0} aria-label={`Move “${stepLabel(kind)}” up`}>
                ↑
              </button>
              <button type="button" onClick={() => setSteps(moveStep(v.steps, i, 1))} disabled={i === v.steps.length - 1} aria-label={`Move “${stepLabel(kind)}” down`}>
                ↓
              </button>
              <button type="button" onClick={() => setSteps(removeStep(v.steps, i))} aria-label={`Remove “${stepLabel(kind)}”`}>
                Remove
              </button>
            </li>
          ))}
        </ol>
        {left.length > 0 && v.steps.length < MAX_STEPS && (
          <div className="toolbar">
            <label>
              Add a step{' '}
              <select value={pick} onChange={(e) => setNext(e.target.value as JourneyKind)}>
                {left.map((k) => (
                  <option key={k} value={k}>
                    {stepLabel(k)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => pick && setSteps(addStep(v.steps, pick))}>
              Add step
            </button>
          </div>
        )}
        {stepsError && (
          <small id="funnel-steps-error" className="field-error" role="alert">
            {stepsError}
          </small>
        )}
      </fieldset>

      <fieldset>
        <legend>Only visitors who…</legend>
        <Select form={form} name="channel" label="Came through channel" options={[{ value: '', label: 'Any channel' }, ...CHANNELS]} errorKey="filters.channel" />
        {v.eventId && (
          <Select
            form={form}
            name="ticketTypeId"
            label="Chose ticket type"
            options={[{ value: '', label: 'Any ticket type' }, ...(types.data ?? []).map((t) => ({ value: t.id, label: t.name }))]}
            errorKey="filters.ticketTypeId"
          />
        )}
        <Select form={form} name="deviceClass" label="Used a device" options={[{ value: '', label: 'Any device' }, ...DEVICE_CLASSES]} errorKey="filters.deviceClass" />
      </fieldset>

      <div className="toolbar">
        <SubmitButton busy={form.busy}>{funnel ? 'Save changes' : 'Save funnel'}</SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
