/** The fields of a webhook endpoint (URL, event types, description), shared by create and edit. */
import { Field, Input, type FormState } from '../../../ui/forms';
import { listFieldError, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../ops/logic';

export type EndpointValues = { url: string; eventTypes: WebhookEventType[]; description: string };

export function EndpointFields({ form }: { form: FormState<EndpointValues> }) {
  const chosen = form.values.eventTypes;
  const err = listFieldError(form.errors, 'eventTypes');
  return (
    <>
      <Input
        form={form}
        name="url"
        label="Endpoint URL"
        type="url"
        placeholder="https://hooks.example.com/voelgoed"
        hint="https only (plain http to localhost outside production)."
        required
      />
      <fieldset className={`ops-checks${err ? ' invalid' : ''}`} aria-describedby={err ? 'webhook-types-error' : undefined}>
        <legend>Event types</legend>
        <div className="grid">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t.value}>
              <input
                type="checkbox"
                checked={chosen.includes(t.value)}
                onChange={(e) => form.set('eventTypes', e.target.checked ? [...chosen, t.value] : chosen.filter((x) => x !== t.value))}
              />{' '}
              {t.label} <code className="hint">{t.value}</code>
            </label>
          ))}
        </div>
        {err && (
          <small id="webhook-types-error" className="field-error" role="alert">
            {err}
          </small>
        )}
      </fieldset>
      <Field label="Description" error={form.errors.description} hint="Optional: what receives these events.">
        {(a) => <input {...a} name="description" maxLength={500} value={form.values.description} onChange={(e) => form.set('description', e.target.value)} />}
      </Field>
    </>
  );
}
