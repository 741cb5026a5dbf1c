/** Venue and gate shapes, in and out. */
import { PageQuery, z } from '../../platform/openapi';
import { IsoDateTime, safeText, TimezoneSchema } from '../shared-schemas';
import { COUNTRY_CODES } from './countries';

const line = (max: number) => safeText(z.string().trim().min(1, 'Required').max(max));
/** An empty optional line is stored as null, so "no region" has one spelling. */
const optionalLine = (max: number) =>
  safeText(z.string().trim().max(max))
    .transform((v) => v || null)
    .nullable()
    .optional();

export const CountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => COUNTRY_CODES.has(code), 'Use an ISO 3166-1 alpha-2 country code such as ZA')
  .openapi({ example: 'ZA' });

export const AddressSchema = z
  .object({
    line1: line(200),
    line2: optionalLine(200),
    city: line(120),
    region: optionalLine(120),
    postalCode: optionalLine(20),
    country: CountrySchema,
  })
  .strict();

const VenueNameSchema = line(120).openapi({ example: 'Artscape Theatre' });
const CapacitySchema = z.number().int('Use a whole number').min(1, 'Must be at least 1').max(1_000_000, 'At most 1,000,000');

export const VenueSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.object({
      line1: z.string(),
      line2: z.string().nullable(),
      city: z.string(),
      region: z.string().nullable(),
      postalCode: z.string().nullable(),
      country: z.string(),
    }),
    timezone: z.string(),
    capacity: z.number().int(),
    archivedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Venue');
export type Venue = z.infer<typeof VenueSchema>;

export const CreateVenueSchema = z
  .object({ name: VenueNameSchema, address: AddressSchema, timezone: TimezoneSchema, capacity: CapacitySchema })
  .strict()
  .openapi('CreateVenue', {
    example: {
      name: 'Artscape Theatre',
      address: { line1: 'DF Malan Street', city: 'Cape Town', region: 'Western Cape', postalCode: '8001', country: 'ZA' },
      timezone: 'Africa/Johannesburg',
      capacity: 1500,
    },
  });
export type CreateVenue = z.infer<typeof CreateVenueSchema>;

/** `address` is merged into the current one, so one line can be fixed alone; null clears an optional line. */
export const UpdateVenueSchema = z
  .object({ name: VenueNameSchema, address: AddressSchema.partial().strict(), timezone: TimezoneSchema, capacity: CapacitySchema })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .openapi('UpdateVenue', { example: { capacity: 1450, address: { postalCode: '8000' } } });
export type UpdateVenue = z.infer<typeof UpdateVenueSchema>;

export const VenueListQuery = PageQuery.extend({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'Also list archived venues' }),
});

export const GateSchema = z
  .object({ id: z.string(), venueId: z.string(), name: z.string(), createdAt: IsoDateTime, updatedAt: IsoDateTime })
  .openapi('Gate');
export type Gate = z.infer<typeof GateSchema>;

const GateNameSchema = line(80).openapi({ example: 'North Gate' });

export const CreateGateSchema = z.object({ name: GateNameSchema }).strict().openapi('CreateGate', { example: { name: 'North Gate' } });
export const RenameGateSchema = z.object({ name: GateNameSchema }).strict().openapi('RenameGate', { example: { name: 'North Gate (VIP)' } });
export type GateInput = z.infer<typeof CreateGateSchema>;
