/**
 * The event's ticket-transfer policy (docs/buyers.md, "Ticket transfer"): whether buyers may hand tickets on from
 * their order page, and how many minutes before doors transfers close. Defaults (allowed, 60 minutes) until saved.
 */
import { useState } from 'react';
import { api, call, formatInZone, type Schemas } from '../../../api/client';
import { Checkbox, Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { LoadError, useLoad } from '../../../ui/load';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { can } from './perms';

type Policy = Schemas['TransferPolicy'];

export function TransferPolicy() {
  const { orgId, role } = useOrg();
  const { event } = useEvent();
  const policy = useLoad(() => call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/transfer-policy', { params: { path: { orgId, eventId: event.id } } })), [orgId, event.id]);
  if (policy.error && !policy.data) return <LoadError error={policy.error} />;
  if (!policy.data) return <p className="loading">Loading the transfer policy…</p>;
  return <PolicyForm key={policy.data.updatedAt ?? 'default'} policy={policy.data} canEdit={can(role, 'events.manage')} onSaved={(p) => policy.setData(p)} />;
}

function PolicyForm({ policy, canEdit, onSaved }: { policy: Policy; canEdit: boolean; onSaved: (p: Policy) => void }) {
  const { orgId, organization } = useOrg();
  const { event } = useEvent();
  const form = useForm({ allowed: policy.allowed, cutoffMinutes: String(policy.cutoffMinutes) });
  const [saved, setSaved] = useState<string | null>(null);
  const closes = formatInZone(policy.closesAt, event.timezone, organization.settings.locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card" aria-labelledby="transfer-policy-heading">
      <h2 id="transfer-policy-heading" style={{ marginTop: 0 }}>
        Ticket transfers
      </h2>
      <p className="hint">
        Buyers can give a ticket to someone else from their order page. The recipient gets it by email with a new QR code, and the old QR code is
        refused at the gate (online at once; offline scanners after their next sync, which is why transfers close before doors).
      </p>
      <p>
        {policy.allowed ? (policy.open ? `Transfers are open until ${closes}.` : `Transfers closed at ${closes}.`) : 'Transfers are off for this event.'}
        {policy.updatedAt === null && <span className="hint"> (the defaults)</span>}
      </p>
      <form
        noValidate
        aria-label="Ticket transfer settings"
        onSubmit={(e) =>
          form.submit(async (v) => {
            setSaved(null);
            const cutoff = v.cutoffMinutes.trim() === '' ? Number.NaN : Number(v.cutoffMinutes);
            const next = await call(api.PUT('/api/v1/orgs/{orgId}/events/{eventId}/transfer-policy', { params: { path: { orgId, eventId: event.id } }, body: { allowed: v.allowed, cutoffMinutes: cutoff } }));
            onSaved(next);
            setSaved(next.allowed ? 'Saved: buyers can transfer tickets.' : 'Saved: transfers are off.');
          }, e)
        }
      >
        <fieldset disabled={!canEdit || form.busy} style={{ border: 0, padding: 0, margin: 0 }}>
          <ProblemBanner error={form.problem} fields={['allowed', 'cutoffMinutes']} />
          <Checkbox form={form} name="allowed" label="Buyers may transfer tickets for this event" />
          <Input form={form} name="cutoffMinutes" label="Close transfers this many minutes before doors" type="number" min={0} step={1} hint="Before the start when the event has no doors time. 60 by default; 0 allows transfers until doors open." />
          {canEdit && <SubmitButton busy={form.busy}>Save transfer settings</SubmitButton>}
          {!canEdit && <p className="hint">Your role can see this setting but not change it.</p>}
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
