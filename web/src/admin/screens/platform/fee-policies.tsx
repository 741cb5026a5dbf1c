/**
 * Fee policies (GET/PUT /platform/fee-policies): the platform default per currency and organizations' own. A quote
 * uses the organization's own policy for its currency, else the platform default for that currency, else the
 * built-in one. Platform admins set them; platform staff look.
 */
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'wouter';
import { ApiError, api, call, formatMoney, parseMoney, type Schemas } from '../../../api/client';
import { Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../../ui/forms';
import { PagedTable, usePaged } from '../../../ui/list';
import { PlatformTime, useOperator, useOrganizations } from './common';
import { buildFeePolicy, describeFee, draftFromPolicy, EMPTY_FEE_DRAFT, exampleFee, FEE_PAYERS, percentToBps, validCurrency, type FeeDraft } from './logic';

type FeePolicy = Schemas['FeePolicy'];

const FIELDS = ['organizationId', 'currency', 'percentBps', 'fixedMinor', 'capMinor', 'payer'];

export default function FeePoliciesScreen() {
  const { admin } = useOperator();
  const orgs = useOrganizations();
  const [params, setParams] = useSearchParams();
  const organizationId = params.get('organizationId') ?? '';
  const [filterText, setFilterText] = useState(organizationId);
  useEffect(() => setFilterText(organizationId), [organizationId]);
  const list = usePaged<FeePolicy>(
    (cursor) => call(api.GET('/api/v1/platform/fee-policies', { params: { query: { cursor, limit: 25, organizationId: organizationId || undefined } } })),
    [organizationId],
  );
  // "Set fee policy" from the organizations list opens the form for that organization.
  const [editing, setEditing] = useState<FeeDraft | null>(() =>
    params.get('set') && organizationId ? { ...EMPTY_FEE_DRAFT, scope: 'organization', organizationId } : null,
  );
  const [saved, setSaved] = useState<string | null>(null);
  const orgName = (id: string | null) => (id ? (orgs.byId.get(id)?.name ?? id) : 'Platform default');

  return (
    <>
      <div className="ops-head">
        <h1>Fee policies</h1>
        {admin && !editing && (
          <button type="button" className="primary" onClick={() => (setSaved(null), setEditing({ ...EMPTY_FEE_DRAFT, ...(organizationId ? { scope: 'organization', organizationId } : {}) }))}>
            Set a fee policy
          </button>
        )}
      </div>
      <p className="hint">
        A quote charges the organization's own policy for its currency, else the platform default for that currency, else the built-in default (2.5% +
        3.00 per ticket, at most 50.00, paid by the buyer). Orders keep the fee they were quoted.
      </p>
      {!admin && (
        <p className="banner" role="note">
          You are platform staff: you can look at fee policies; only platform admins change them.
        </p>
      )}
      {saved && (
        <p className="banner ok" role="status">
          {saved}
        </p>
      )}
      {admin && editing && (
        <FeePolicyForm
          key={JSON.stringify(editing)}
          initial={editing}
          organizations={orgs.list}
          onCancel={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            setSaved(`Saved: ${orgName(p.organizationId)}, ${p.currency} — ${describeFee(p)}, paid by the ${p.payer}.`);
            list.reload();
          }}
        />
      )}
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Filter fee policies"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams();
          if (filterText.trim()) p.set('organizationId', filterText.trim());
          setParams(p, { replace: true });
        }}
      >
        <div className="field grow">
          <label htmlFor="fee-filter-org">Filter by organization</label>
          <input id="fee-filter-org" list="platform-orgs" value={filterText} onChange={(e) => setFilterText(e.target.value)} placeholder="org_…" maxLength={64} />
        </div>
        <button type="submit" className="primary">
          Filter
        </button>
        {organizationId && (
          <button type="button" onClick={() => (setFilterText(''), setParams(new URLSearchParams(), { replace: true }))}>
            Show all
          </button>
        )}
      </form>
      <OrganizationOptions organizations={orgs.list} />
      <PagedTable
        list={list}
        caption={organizationId ? `Fee policies of ${orgName(organizationId)}` : 'Fee policies, newest first'}
        rowKey={(p) => p.id ?? `${p.organizationId}-${p.currency}`}
        empty={organizationId ? 'This organization has no policy of its own: it pays the platform default for its currency.' : 'No fee policies yet: every quote uses the built-in default.'}
        columns={[
          {
            header: 'Applies to',
            cell: (p) =>
              p.organizationId ? (
                <>
                  {orgName(p.organizationId)}
                  <br />
                  <small className="ops-id">{p.organizationId}</small>
                </>
              ) : (
                <span className="badge">Platform default</span>
              ),
          },
          { header: 'Currency', cell: (p) => p.currency },
          { header: 'Fee', cell: (p) => describeFee(p) },
          { header: 'Paid by', cell: (p) => (p.payer === 'buyer' ? 'Buyer' : 'Organizer') },
          { header: 'Updated', cell: (p) => <PlatformTime iso={p.updatedAt} /> },
          ...(admin
            ? [
                {
                  header: 'Actions',
                  cell: (p: FeePolicy) => (
                    <button
                      type="button"
                      aria-label={`Change the ${p.currency} policy of ${orgName(p.organizationId)}`}
                      onClick={() => {
                        setSaved(null);
                        setEditing(draftFromPolicy(p));
                        window.scrollTo({ top: 0 });
                      }}
                    >
                      Change
                    </button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

function OrganizationOptions({ organizations }: { organizations: { id: string; name: string }[] }) {
  return (
    <datalist id="platform-orgs">
      {organizations.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </datalist>
  );
}

function FeePolicyForm({
  initial,
  organizations,
  onSaved,
  onCancel,
}: {
  initial: FeeDraft;
  organizations: { id: string; name: string }[];
  onSaved: (p: FeePolicy) => void;
  onCancel: () => void;
}) {
  const form = useForm<FeeDraft>(initial);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const v = form.values;
  const currency = v.currency.trim().toUpperCase();
  const money = validCurrency(currency) ? currency : null;
  const org = organizations.find((o) => o.id === v.organizationId.trim());

  // What one ticket would pay, once the terms read as numbers.
  const bps = percentToBps(v.percent);
  const fixed = v.fixed.trim() === '' ? 0 : money ? parseMoney(v.fixed, money) : null;
  const cap = v.cap.trim() === '' ? null : money ? parseMoney(v.cap, money) : undefined;
  const sample = money ? (parseMoney('100', money) ?? 0) : 0;
  const example =
    money && bps !== null && fixed !== null && cap !== undefined
      ? `On a ${formatMoney(sample, money)} ticket the fee is ${formatMoney(exampleFee({ percentBps: bps, fixedMinor: fixed, capMinor: cap }, sample), money)}, paid by the ${v.payer}.`
      : null;

  return (
    <section className="card ops-card" aria-labelledby="fee-form-title">
      <h2 id="fee-form-title" ref={heading} tabIndex={-1}>
        Set a fee policy
      </h2>
      <form
        noValidate
        onSubmit={(e) =>
          form.submit(async (values) => {
            const built = buildFeePolicy(values);
            if (built.errors) {
              throw new ApiError({
                title: 'Check the fee policy',
                status: 400,
                errors: Object.entries(built.errors).map(([k, message]) => ({ path: `body.${k}`, message })),
              });
            }
            onSaved(await call(api.PUT('/api/v1/platform/fee-policies', { body: built.body })));
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={FIELDS} />
        <Select
          form={form}
          name="scope"
          label="Applies to"
          options={[
            { value: 'platform', label: 'The platform default for a currency' },
            { value: 'organization', label: 'One organization' },
          ]}
        />
        {v.scope === 'organization' && (
          <Field label="Organization" error={form.errors.organizationId} hint={org ? org.name : 'Its id (org_…): pick from the list or paste it.'}>
            {(a) => (
              <input {...a} name="organizationId" list="platform-orgs" value={v.organizationId} onChange={(e) => form.set('organizationId', e.target.value)} maxLength={64} autoComplete="off" />
            )}
          </Field>
        )}
        <Input form={form} name="currency" label="Currency" hint="Three letters, e.g. ZAR" />
        <Input form={form} name="percent" label="Percentage of the ticket price (%)" errorKey="percentBps" hint="0–100, up to two decimals, e.g. 2.5" />
        <Input form={form} name="fixed" label={`Fixed amount per ticket${money ? ` (${money})` : ''}`} errorKey="fixedMinor" hint="e.g. 3.00; 0 for none" />
        <Input form={form} name="cap" label={`Cap per ticket${money ? ` (${money})` : ''}`} errorKey="capMinor" hint="The most one ticket pays; empty for no cap" />
        <Select form={form} name="payer" label="Paid by" options={FEE_PAYERS} />
        {example && (
          <p className="hint" aria-live="polite">
            {example}
          </p>
        )}
        <div className="toolbar">
          <SubmitButton busy={form.busy}>Save fee policy</SubmitButton>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
