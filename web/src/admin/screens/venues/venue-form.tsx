/** The venue form, for creating (POST) and changing (PATCH) a venue: name, address, time zone and capacity. */
import { api, call, type Schemas } from '../../../api/client';
import { Input, ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { useOrg } from '../../session';
import { ListInput } from './zones';

type Venue = Schemas['Venue'];

const FIELDS = ['name', 'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country', 'timezone', 'capacity', 'address'];

export function VenueForm({ venue, onSaved, onCancel }: { venue?: Venue; onSaved: (v: Venue) => void; onCancel?: () => void }) {
  const { orgId, organization } = useOrg();
  const form = useForm({
    name: venue?.name ?? '',
    line1: venue?.address.line1 ?? '',
    line2: venue?.address.line2 ?? '',
    city: venue?.address.city ?? '',
    region: venue?.address.region ?? '',
    postalCode: venue?.address.postalCode ?? '',
    country: venue?.address.country ?? 'ZA',
    timezone: venue?.timezone ?? organization.settings.timezone,
    capacity: (venue?.capacity ?? '') as number | '',
  });
  return (
    <form
      noValidate
      aria-label={venue ? 'Edit venue' : 'New venue'}
      onSubmit={(e) =>
        form.submit(async (v) => {
          const address = {
            line1: v.line1,
            line2: v.line2.trim() || null,
            city: v.city,
            region: v.region.trim() || null,
            postalCode: v.postalCode.trim() || null,
            country: v.country,
          };
          // An empty capacity goes as 0 so the server names it ("Must be at least 1") beside the field.
          const capacity = v.capacity === '' ? 0 : v.capacity;
          const saved = venue
            ? await call(api.PATCH('/api/v1/orgs/{orgId}/venues/{venueId}', { params: { path: { orgId, venueId: venue.id } }, body: { name: v.name, address, timezone: v.timezone, capacity } }))
            : await call(api.POST('/api/v1/orgs/{orgId}/venues', { params: { path: { orgId } }, body: { name: v.name, address, timezone: v.timezone, capacity } }));
          onSaved(saved);
        }, e)
      }
    >
      <ProblemBanner error={form.problem} fields={FIELDS} />
      <Input form={form} name="name" label="Venue name" required />
      <Input form={form} name="line1" label="Address line 1" errorKey="address.line1" required autoComplete="address-line1" />
      <Input form={form} name="line2" label="Address line 2 (optional)" errorKey="address.line2" autoComplete="address-line2" />
      <div className="row">
        <Input form={form} name="city" label="City" errorKey="address.city" required autoComplete="address-level2" />
        <Input form={form} name="region" label="Province or region (optional)" errorKey="address.region" autoComplete="address-level1" />
      </div>
      <div className="row">
        <Input form={form} name="postalCode" label="Postal code (optional)" errorKey="address.postalCode" autoComplete="postal-code" />
        <Input form={form} name="country" label="Country code" errorKey="address.country" hint="Two letters, e.g. ZA" autoComplete="country" />
      </div>
      <div className="row">
        <ListInput form={form} name="timezone" label="Time zone" kind="timeZone" hint="Events at this venue show in this zone" />
        <Input form={form} name="capacity" label="Capacity" type="number" min={1} hint="People the venue holds in all" />
      </div>
      <div className="toolbar">
        <SubmitButton busy={form.busy}>{venue ? 'Save venue' : 'Create venue'}</SubmitButton>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
