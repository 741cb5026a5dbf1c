/**
 * Settings → Branding: the logo (PNG or JPEG, uploaded into the platform's storage), brand colours with a preview of
 * the text colour buyers will see on them, contact details, legal name and VAT number (receipts become tax invoices
 * once it is set). docs/buyers.md, "Branding and receipts".
 */
import { useEffect, useState } from 'react';
import { api, ApiError, call, type Schemas, asApiError } from '../../../api/client';
import { Field, Input, ProblemBanner, SubmitButton, useForm, type FormState } from '../../../ui/forms';
import { useUnsavedChanges } from '../../../ui/unsaved';
import { useOrg } from '../../session';

type Branding = Schemas['Branding'];
const MAX_LOGO_BYTES = 512 * 1024;

type BrandValues = {
  legalName: string;
  vatNumber: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  address: string;
  primaryColor: string;
  accentColor: string;
};

const valuesOf = (b: Branding): BrandValues => ({
  legalName: b.legalName ?? '',
  vatNumber: b.vatNumber ?? '',
  contactEmail: b.contactEmail ?? '',
  contactPhone: b.contactPhone ?? '',
  website: b.website ?? '',
  address: b.address ?? '',
  primaryColor: b.primaryColor ?? '',
  accentColor: b.accentColor ?? '',
});

export function BrandingSection({ canEdit }: { canEdit: boolean }) {
  const { orgId } = useOrg();
  const [branding, setBranding] = useState<Branding | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    call(api.GET('/api/v1/orgs/{orgId}/branding', { params: { path: { orgId } } }))
      .then(setBranding)
      .catch(setError);
  }, [orgId]);
  return (
    <section className="card" aria-labelledby="branding-heading">
      <h2 id="branding-heading">Branding and receipts</h2>
      <p className="hint">Shown to buyers on the event and order pages, in their emails, on their tickets and on receipts.</p>
      <ProblemBanner error={error} />
      {branding && (
        <>
          <LogoField branding={branding} canEdit={canEdit} onChange={setBranding} />
          <BrandForm key={branding.updatedAt ?? 'new'} branding={branding} canEdit={canEdit} onSaved={setBranding} />
        </>
      )}
    </section>
  );
}

function LogoField({ branding, canEdit, onChange }: { branding: Branding; canEdit: boolean; onChange: (b: Branding) => void }) {
  const { orgId } = useOrg();
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setProblem(null);
    if (!['image/png', 'image/jpeg'].includes(file.type) || file.size > MAX_LOGO_BYTES) {
      setProblem(new ApiError({ title: 'Choose a PNG or JPEG of at most 512 KB', status: 0 }));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      onChange(await call(api.PUT('/api/v1/orgs/{orgId}/branding/logo', { params: { path: { orgId } }, body: { data: btoa(binary) } })));
    } catch (e) {
      setProblem(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      onChange(await call(api.DELETE('/api/v1/orgs/{orgId}/branding/logo', { params: { path: { orgId } } })));
    } catch (e) {
      setProblem(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="logo-field">
      <ProblemBanner error={problem} />
      {branding.logo ? (
        <img className="logo-preview" src={branding.logo.url} alt="Your logo" width={branding.logo.width} height={branding.logo.height} />
      ) : (
        <p className="hint">No logo yet: your organization’s name is shown instead.</p>
      )}
      {canEdit && (
        <div className="row">
          <Field label="Logo" hint="PNG or JPEG, at most 512 KB and 2048×2048 pixels (SVG is not accepted)">
            {(a) => <input {...a} type="file" accept="image/png,image/jpeg" disabled={busy} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />}
          </Field>
          {branding.logo && (
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Remove logo
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function BrandForm({ branding, canEdit, onSaved }: { branding: Branding; canEdit: boolean; onSaved: (b: Branding) => void }) {
  const { orgId } = useOrg();
  const form = useForm<BrandValues>(valuesOf(branding));
  useUnsavedChanges(form.dirty && canEdit);
  const [saved, setSaved] = useState(false);
  const fields = Object.keys(valuesOf(branding));
  const orNull = (s: string) => s.trim() || null;
  return (
    <form
      noValidate
      aria-label="Branding"
      onSubmit={(e) =>
        form.submit(async (v) => {
          setSaved(false);
          const next = await call(
            api.PATCH('/api/v1/orgs/{orgId}/branding', {
              params: { path: { orgId } },
              body: {
                legalName: orNull(v.legalName),
                vatNumber: orNull(v.vatNumber),
                contactEmail: orNull(v.contactEmail),
                contactPhone: orNull(v.contactPhone),
                website: orNull(v.website),
                address: orNull(v.address),
                primaryColor: orNull(v.primaryColor),
                accentColor: orNull(v.accentColor),
              },
            }),
          );
          setSaved(true);
          onSaved(next);
        }, e)
      }
    >
      <ProblemBanner error={form.problem} fields={fields} />
      <fieldset disabled={!canEdit} className="plain">
        <div className="row">
          <BrandColour form={form} name="primaryColor" label="Brand colour" hint="Header band of pages and emails" saved={branding.primaryColor} sample={branding.primaryTextColor} />
          <BrandColour form={form} name="accentColor" label="Accent colour" hint="Buttons on the storefront" saved={branding.accentColor} sample={branding.accentTextColor} />
        </div>
        <div className="row">
          <Input form={form} name="legalName" label="Legal name" hint="The supplier on receipts; empty: the organization name" />
          <Input form={form} name="vatNumber" label="VAT number" hint="10 digits starting with 4. Set: receipts are tax invoices with sequential numbers" />
        </div>
        <div className="row">
          <Input form={form} name="contactEmail" label="Contact email" type="email" />
          <Input form={form} name="contactPhone" label="Contact phone" type="tel" placeholder="+27 21 555 0100" />
          <Input form={form} name="website" label="Website" type="url" placeholder="https://" />
        </div>
        <Field label="Address" error={form.errors.address} hint="Printed on tax invoices; at most 4 lines">
          {(a) => <textarea {...a} name="address" rows={4} value={form.values.address} onChange={(e) => form.set('address', e.target.value)} />}
        </Field>
        {canEdit && <SubmitButton busy={form.busy}>Save branding</SubmitButton>}
      </fieldset>
      {saved && (
        <p className="banner ok" role="status">
          Branding saved.
        </p>
      )}
    </form>
  );
}

/** A colour with its picker and, for the saved colour, a sample of buyer-facing text on it (the text colour the server derived). */
function BrandColour({ form, name, label, hint, saved, sample }: { form: FormState<BrandValues>; name: 'primaryColor' | 'accentColor'; label: string; hint: string; saved: string | null; sample: string | null }) {
  const value = form.values[name];
  const valid = /^#[0-9a-fA-F]{6}$/.test(value);
  return (
    <div className="colour-field">
      <Field label={label} error={form.errors[name]} hint={`${hint}. Like #14532d; empty for the default. Text on it is white or black, whichever reads better.`}>
        {(a) => <input {...a} name={name} value={value} placeholder="#14532d" onChange={(e) => form.set(name, e.target.value)} />}
      </Field>
      <label className="colour-pick">
        <span className="visually-hidden">Pick {label.toLowerCase()}</span>
        <input type="color" value={valid ? value : '#14532d'} onChange={(e) => form.set(name, e.target.value)} />
      </label>
      {valid && sample && saved === value.toLowerCase() && (
        <span className="brand-sample" style={{ background: value, color: sample }} aria-hidden="true">
          Aa
        </span>
      )}
    </div>
  );
}
