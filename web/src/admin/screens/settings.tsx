/**
 * Settings (/admin/orgs/{orgId}/settings): the organization's name and settings (currency, time zone, language,
 * VAT), its branding (settings/branding.tsx), its usage against its plan's daily quotas, its email wording per template and language, your
 * password, and a new organization.
 */
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { api, ApiError, call, formatInZone, type Schemas } from '../../api/client';
import { Field, Input, ProblemBanner, Select, SubmitButton, useForm } from '../../ui/forms';
import { useUnsavedChanges } from '../../ui/unsaved';
import { atLeast, useOrg, useSession } from '../session';
import { bpsToPercent, LOCALE_NAMES, percentToBps, templateName, unknownPlaceholders } from './settings/format';
import { UsageSection } from './settings/usage';
import { ReplicationSection } from './settings/replication';
import { BrandingSection } from './settings/branding';
import { ListInput } from './venues/zones';
import './venues/venues.css';
import './settings/settings.css';

type Template = Schemas['NotificationTemplate'];

const LOCALES = [
  { value: 'en', label: 'English' },
  { value: 'af', label: 'Afrikaans' },
];

/** The page is long: a row of links to its sections (their headings' ids) at the top. */
const SECTIONS = [
  ['org-name-heading', 'Organization'],
  ['settings-heading', 'Money, time and VAT'],
  ['branding-heading', 'Branding'],
  ['usage-heading', 'Usage'],
  ['templates-heading', 'Email wording'],
  ['password-heading', 'Your password'],
  ['new-org-heading', 'Another organization'],
] as const;

export default function SettingsScreen() {
  const { role } = useOrg();
  const canEdit = atLeast(role, 'admin');
  return (
    <>
      <h1>Settings</h1>
      {!canEdit && <p className="banner">You can see the organization's settings; changing them needs the admin or owner role.</p>}
      <nav className="on-this-page" aria-label="On this page">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`}>
            {label}
          </a>
        ))}
      </nav>
      <OrganizationName canEdit={canEdit} />
      <OrganizationSettings canEdit={canEdit} />
      <BrandingSection canEdit={canEdit} />
      <UsageSection />
      {canEdit && <ReplicationSection />}
      <Templates canEdit={canEdit} />
      <ChangePassword />
      <NewOrganization />
    </>
  );
}

function Saved({ text }: { text: string | null }) {
  return text ? (
    <p className="banner ok" role="status">
      {text}
    </p>
  ) : null;
}

function OrganizationName({ canEdit }: { canEdit: boolean }) {
  const { orgId, organization, reload } = useOrg();
  const { refresh } = useSession();
  const form = useForm({ name: organization.name });
  useUnsavedChanges(form.dirty && canEdit);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="org-name-heading">
      <h2 id="org-name-heading">Organization</h2>
      <form
        noValidate
        aria-label="Organization name"
        onSubmit={(e) =>
          form.submit(async (v) => {
            setSaved(null);
            const org = await call(api.PATCH('/api/v1/orgs/{orgId}', { params: { path: { orgId } }, body: { name: v.name } }));
            setSaved(`Renamed to ${org.name}.`);
            reload();
            void refresh(); // the organization switcher shows the new name
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['name']} />
        <fieldset disabled={!canEdit} className="plain">
          <Input form={form} name="name" label="Organization name" hint={`Shown to buyers on the storefront, tickets and emails. Address: /${organization.slug}`} />
          {canEdit && <SubmitButton busy={form.busy}>Save name</SubmitButton>}
        </fieldset>
        <Saved text={saved} />
      </form>
    </section>
  );
}

function OrganizationSettings({ canEdit }: { canEdit: boolean }) {
  const { orgId, organization, reload } = useOrg();
  const s = organization.settings;
  const form = useForm({
    currency: s.currency,
    timezone: s.timezone,
    locale: s.locale as string,
    vatMode: s.vatMode as string,
    vatRate: bpsToPercent(s.vatRateBps),
  });
  useUnsavedChanges(form.dirty && canEdit);
  const [saved, setSaved] = useState<string | null>(null);
  const fields = ['currency', 'timezone', 'locale', 'vatMode', 'vatRateBps'];
  return (
    <section className="card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Money, time and VAT</h2>
      <form
        noValidate
        aria-label="Organization settings"
        onSubmit={(e) =>
          form.submit(async (v) => {
            setSaved(null);
            const vatRateBps = percentToBps(v.vatRate);
            if (vatRateBps === null) {
              throw new ApiError({ title: 'Check the VAT rate', status: 0, errors: [{ path: 'vatRateBps', message: 'Use a percentage from 0 to 50, e.g. 15 or 7.5' }] });
            }
            await call(
              api.PATCH('/api/v1/orgs/{orgId}/settings', {
                params: { path: { orgId } },
                body: {
                  currency: v.currency.trim().toUpperCase(),
                  timezone: v.timezone.trim(),
                  locale: v.locale as 'en' | 'af',
                  vatMode: v.vatMode as 'inclusive' | 'exclusive',
                  vatRateBps,
                },
              }),
            );
            setSaved('Settings saved.');
            reload();
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={fields} />
        <fieldset disabled={!canEdit} className="plain">
          <div className="row">
            <ListInput form={form} name="currency" label="Currency" kind="currency" hint="ISO code, e.g. ZAR. New ticket types and orders use it." />
            <ListInput form={form} name="timezone" label="Time zone" kind="timeZone" hint="Default for new venues and for reports" />
            <Select form={form} name="locale" label="Language" options={LOCALES} hint="Emails and the storefront default to it" />
          </div>
          <div className="row">
            <Input form={form} name="vatRate" label="VAT rate (%)" errorKey="vatRateBps" hint="e.g. 15; 0 if not registered" />
            <Select
              form={form}
              name="vatMode"
              label="Prices"
              options={[
                { value: 'inclusive', label: 'Include VAT' },
                { value: 'exclusive', label: 'Exclude VAT (added at checkout)' },
              ]}
            />
          </div>
          {canEdit && <SubmitButton busy={form.busy}>Save settings</SubmitButton>}
        </fieldset>
        <Saved text={saved} />
      </form>
    </section>
  );
}

function Templates({ canEdit }: { canEdit: boolean }) {
  const { orgId, organization } = useOrg();
  const [items, setItems] = useState<Template[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [locale, setLocale] = useState<string>(organization.settings.locale);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    call(api.GET('/api/v1/orgs/{orgId}/notification-templates', { params: { path: { orgId } } }))
      .then((r) => setItems(r.items))
      .catch((e) => setError(e));
  }, [orgId]);

  const shown = useMemo(() => (items ?? []).filter((t) => t.locale === locale), [items, locale]);
  const replace = (t: Template) => setItems((list) => (list ?? []).map((x) => (x.template === t.template && x.locale === t.locale ? t : x)));

  return (
    <section className="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Email wording</h2>
      <p className="hint">The emails buyers and your team receive. Use your own subject and text, or keep the default; {'{{placeholders}}'} are filled in when the email is sent.</p>
      <div className="toolbar">
        <label className="inline-select">
          Language{' '}
          <select value={locale} onChange={(e) => (setLocale(e.target.value), setOpen(null))}>
            {LOCALES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ProblemBanner error={error} />
      {!items && !error && <p className="loading">Loading templates…</p>}
      <ul className="template-list">
        {shown.map((t) => {
          const key = `${t.template}/${t.locale}`;
          return (
            <li key={key}>
              <div className="item-row">
                <span className="grow">
                  <strong>{templateName(t.template)}</strong>{' '}
                  {t.overridden ? <span className="badge ok">Your wording</span> : <span className="badge">Default</span>}
                  {t.updatedAt && <small className="hint"> · changed {formatInZone(t.updatedAt, organization.settings.timezone)}</small>}
                  <br />
                  <small className="hint">{t.subject}</small>
                </span>
                <button type="button" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)} aria-label={`${canEdit ? 'Edit' : 'View'} ${templateName(t.template)} (${LOCALE_NAMES[t.locale]})`}>
                  {open === key ? 'Close' : canEdit ? 'Edit' : 'View'}
                </button>
              </div>
              {open === key && <TemplateEditor key={key} template={t} canEdit={canEdit} onSaved={replace} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function TemplateEditor({ template, canEdit, onSaved }: { template: Template; canEdit: boolean; onSaved: (t: Template) => void }) {
  const { orgId } = useOrg();
  const form = useForm({ subject: template.subject, body: template.body });
  useUnsavedChanges(form.dirty && canEdit, 'The email wording you changed is not saved. Leave without saving it?');
  const [saved, setSaved] = useState<string | null>(null);
  const unknown = unknownPlaceholders(`${form.values.subject}\n${form.values.body}`, template.placeholders);
  const path = { orgId, template: template.template, locale: template.locale };
  return (
    <form
      className="template-editor"
      noValidate
      aria-label={`${templateName(template.template)} wording`}
      onSubmit={(e) =>
        form.submit(async (v) => {
          setSaved(null);
          const t = await call(api.PUT('/api/v1/orgs/{orgId}/notification-templates/{template}/{locale}', { params: { path }, body: { subject: v.subject, body: v.body } }));
          setSaved('Saved: new emails use this wording.');
          onSaved(t);
        }, e)
      }
    >
      <ProblemBanner error={form.problem} fields={['subject', 'body']} />
      <fieldset disabled={!canEdit} className="plain">
        <Input form={form} name="subject" label="Subject" />
        <Field label="Text" error={form.errors.body} hint={<>Placeholders: {template.placeholders.map((p) => `{{${p}}}`).join(' ')}</>}>
          {(a) => <textarea {...a} name="body" rows={10} value={form.values.body} onChange={(e) => form.set('body', e.target.value)} />}
        </Field>
        {unknown.length > 0 && (
          <p className="banner" role="status">
            Not a placeholder of this email (it can't be saved): {unknown.map((u) => `{{${u}}}`).join(', ')}
          </p>
        )}
        {canEdit && (
          <div className="toolbar">
            <SubmitButton busy={form.busy}>Save wording</SubmitButton>
            {template.overridden && (
              <button
                type="button"
                onClick={() =>
                  confirm('Go back to the default wording for this email?') &&
                  form.submit(async () => {
                    const t = await call(api.DELETE('/api/v1/orgs/{orgId}/notification-templates/{template}/{locale}', { params: { path } }));
                    form.adopt({ subject: t.subject, body: t.body });
                    setSaved('Back to the default wording.');
                    onSaved(t);
                  })
                }
              >
                Reset to default
              </button>
            )}
          </div>
        )}
      </fieldset>
      <Saved text={saved} />
    </form>
  );
}

function ChangePassword() {
  const form = useForm({ currentPassword: '', newPassword: '', confirm: '' });
  useUnsavedChanges(form.dirty);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section className="card narrow" aria-labelledby="password-heading">
      <h2 id="password-heading">Your password</h2>
      <form
        noValidate
        aria-label="Change password"
        onSubmit={(e) =>
          form.submit(async (v) => {
            setSaved(null);
            if (v.newPassword !== v.confirm) {
              throw new ApiError({ title: 'Passwords differ', status: 0, errors: [{ path: 'confirm', message: 'Type the same new password twice' }] });
            }
            await call(api.POST('/api/v1/me/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }));
            form.reset();
            setSaved('Password changed. Your other sessions were signed out.');
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['currentPassword', 'newPassword', 'confirm']} />
        <Input form={form} name="currentPassword" label="Current password" type="password" autoComplete="current-password" />
        <Input form={form} name="newPassword" label="New password" type="password" autoComplete="new-password" hint="At least 10 characters" />
        <Input form={form} name="confirm" label="New password again" type="password" autoComplete="new-password" />
        <SubmitButton busy={form.busy}>Change password</SubmitButton>
        <Saved text={saved} />
      </form>
    </section>
  );
}

function NewOrganization() {
  const { organization } = useOrg();
  const { refresh } = useSession();
  const [, navigate] = useLocation();
  const form = useForm({ name: '', currency: organization.settings.currency, timezone: organization.settings.timezone, locale: organization.settings.locale as string });
  return (
    <section className="card narrow" aria-labelledby="new-org-heading">
      <h2 id="new-org-heading">Another organization</h2>
      <p className="hint">A separate organization with its own events, team, money and settings; you are its owner.</p>
      <form
        noValidate
        aria-label="Create organization"
        onSubmit={(e) =>
          form.submit(async (v) => {
            const org = await call(api.POST('/api/v1/orgs', { body: { name: v.name, currency: v.currency.trim().toUpperCase(), timezone: v.timezone.trim(), locale: v.locale as 'en' | 'af' } }));
            await refresh();
            navigate(`~/admin/orgs/${org.id}/events`);
          }, e)
        }
      >
        <ProblemBanner error={form.problem} fields={['name', 'currency', 'timezone', 'locale']} />
        <Input form={form} name="name" label="New organization name" />
        <div className="row">
          <ListInput form={form} name="currency" label="Currency" kind="currency" />
          <ListInput form={form} name="timezone" label="Time zone" kind="timeZone" />
          <Select form={form} name="locale" label="Language" options={LOCALES} />
        </div>
        <SubmitButton busy={form.busy}>Create organization</SubmitButton>
      </form>
    </section>
  );
}
