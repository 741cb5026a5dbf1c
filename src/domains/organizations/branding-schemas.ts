/** Branding shapes, in and out: the console's form, the logo upload, and what buyers' pages get. */
import { z } from '../../platform/openapi';
import { HexColorSchema, IsoDateTime, safeText } from '../shared-schemas';
import { LOGO_TYPES } from '../../db/schema/branding';

/** A 16×16 PNG, the smallest logo accepted (the walking tests send it). */
export const EXAMPLE_LOGO_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGPgzvMnCTGMahjVMHw1AAAQ/sgBnMi6gAAAAABJRU5ErkJggg==';

/** South African VAT numbers: 10 digits, the first a 4 (spaces are dropped before the check). */
export const VatNumberSchema = z
  .string()
  .max(32)
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^4\d{9}$/, 'A South African VAT number is 10 digits starting with 4'))
  .openapi({ example: '4123456789' });

const Color = HexColorSchema.transform((v) => v.toLowerCase());

export const UpdateBrandingSchema = z
  .object({
    legalName: safeText(z.string().trim().min(2, 'Use at least 2 characters').max(200)).nullable(),
    vatNumber: VatNumberSchema.nullable(),
    contactEmail: z.email('Use an email address').max(254).nullable(),
    contactPhone: z.string().trim().regex(/^\+?[0-9][0-9 ()-]{5,23}$/, 'Use a phone number like +27 21 555 0100').nullable(),
    website: z
      .url()
      .max(300)
      .refine((v) => v.startsWith('https://'), 'Use an https:// address')
      .nullable(),
    address: safeText(z.string().trim().max(300), { multiline: true })
      .refine((v) => v.split('\n').length <= 4, 'At most 4 lines')
      .nullable(),
    primaryColor: Color.nullable(),
    accentColor: Color.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .openapi('UpdateBranding', {
    example: {
      legalName: 'Kaapstad Konserte (Pty) Ltd',
      vatNumber: '4123456789',
      contactEmail: 'hello@kaapstad-konserte.example',
      contactPhone: '+27 21 555 0100',
      website: 'https://kaapstad-konserte.example',
      address: '12 Long Street\nCape Town 8001',
      primaryColor: '#0b6e4f',
      accentColor: '#f2a900',
    },
  });
export type UpdateBranding = z.infer<typeof UpdateBrandingSchema>;

export const UploadLogoSchema = z
  .object({
    data: z
      .string()
      .min(4)
      .max(Math.ceil((512 * 1024) / 3) * 4 + 4)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Base64 without line breaks')
      .openapi({ description: 'The PNG or JPEG file, base64-encoded (at most 512 KB decoded, at most 2048×2048 pixels)' }),
  })
  .strict()
  .openapi('UploadLogo', { example: { data: EXAMPLE_LOGO_BASE64 } });

export const LogoSchema = z
  .object({
    url: z.string().openapi({ description: 'Public, cacheable for a year: the address changes whenever the image does' }),
    type: z.enum(LOGO_TYPES),
    width: z.number().int(),
    height: z.number().int(),
  })
  .openapi('Logo');

const contact = {
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  website: z.string().nullable(),
  address: z.string().nullable(),
};
const colors = {
  primaryColor: z.string().nullable(),
  accentColor: z.string().nullable(),
  primaryTextColor: z.string().nullable().openapi({ description: 'Derived: white or black, whichever contrasts more with primaryColor (≥ 4.5:1)' }),
  accentTextColor: z.string().nullable().openapi({ description: 'Derived: white or black, whichever contrasts more with accentColor (≥ 4.5:1)' }),
};

export const BrandingSchema = z
  .object({ legalName: z.string().nullable(), vatNumber: z.string().nullable(), ...contact, ...colors, logo: LogoSchema.nullable(), updatedAt: IsoDateTime.nullable() })
  .openapi('Branding');
export type Branding = z.infer<typeof BrandingSchema>;

/** What a buyer's page shows: no VAT number, nothing but what the organizer chose to publish. */
export const PublicBrandingSchema = z
  .object({ name: z.string(), ...contact, ...colors, logo: LogoSchema.nullable() })
  .openapi('PublicBranding');
export type PublicBranding = z.infer<typeof PublicBrandingSchema>;
