/** Organization and settings shapes, in and out. */
import { z } from '../../platform/openapi';
import { safeText, CurrencySchema, HexColorSchema, IsoDateTime, LocaleSchema, TimezoneSchema } from '../shared-schemas';

export const OrganizationNameSchema = safeText(z.string().trim().min(2, 'Use at least 2 characters').max(120)).openapi({ example: 'Kaapstad Konserte' });

export const SettingsSchema = z
  .object({
    currency: CurrencySchema,
    timezone: TimezoneSchema,
    locale: LocaleSchema,
    vatNumber: safeText(z.string().trim().max(32)).nullable().openapi({ deprecated: true, description: 'Superseded by the branding (GET/PATCH /orgs/{orgId}/branding), which receipts and reports read' }),
    vatMode: z.enum(['inclusive', 'exclusive']).openapi({ description: 'inclusive: prices include VAT; exclusive: VAT is added on top' }),
    vatRateBps: z.number().int().min(0).max(5000).openapi({ description: 'VAT rate in basis points (1500 = 15 %); 0 if not registered' }),
    brandPrimaryColor: HexColorSchema.nullable().openapi({ deprecated: true, description: 'Superseded by the branding (PATCH /orgs/{orgId}/branding)' }),
    brandAccentColor: HexColorSchema.nullable().openapi({ deprecated: true, description: 'Superseded by the branding (PATCH /orgs/{orgId}/branding)' }),
    logoUrl: z.url().max(500).nullable().openapi({ deprecated: true, description: 'Superseded by the uploaded logo (PUT /orgs/{orgId}/branding/logo)' }),
  })
  .openapi('OrganizationSettings');
export type Settings = z.infer<typeof SettingsSchema>;

export const UpdateSettingsSchema = SettingsSchema.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one setting to change')
  .openapi('UpdateOrganizationSettings', { example: { timezone: 'Europe/Amsterdam', brandPrimaryColor: '#0b6e4f' } });
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;

export const OrganizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    createdAt: IsoDateTime,
    settings: SettingsSchema,
  })
  .openapi('Organization');
export type Organization = z.infer<typeof OrganizationSchema>;

export const UpdateOrganizationSchema = z
  .object({ name: OrganizationNameSchema })
  .strict()
  .openapi('UpdateOrganization', { example: { name: 'Kaapstad Konserte (Pty) Ltd' } });
export type UpdateOrganization = z.infer<typeof UpdateOrganizationSchema>;

export const CreateOrganizationSchema = z
  .object({
    name: OrganizationNameSchema,
    currency: CurrencySchema.default('ZAR'),
    timezone: TimezoneSchema.default('Africa/Johannesburg'),
    locale: LocaleSchema.default('en'),
  })
  .strict()
  .openapi('CreateOrganization', { example: { name: 'Stellenbosch Jazz', currency: 'ZAR', timezone: 'Africa/Johannesburg', locale: 'af' } });
export type CreateOrganization = z.infer<typeof CreateOrganizationSchema>;
