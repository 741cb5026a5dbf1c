/** Layout shapes besides the document itself: the summary, the stadium generator's parameters, a rename. */
import { z } from '../../platform/openapi';
import { IsoDateTime, safeText } from '../shared-schemas';
import { CategorySchema, GaAreaSchema, MAX_SEATS_PER_LAYOUT, MAX_SEATS_PER_SECTION } from './document';

export const LayoutSummarySchema = z
  .object({
    id: z.string(),
    venueId: z.string(),
    name: z.string(),
    version: z.number().int().openapi({ description: 'Goes up by one each time the document is replaced' }),
    seatCount: z.number().int(),
    gaCapacity: z.number().int().openapi({ description: 'The general-admission areas’ capacities added up' }),
    sectionCount: z.number().int(),
    categories: z.array(CategorySchema),
    gaAreas: z.array(GaAreaSchema),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('LayoutSummary');
export type LayoutSummary = z.infer<typeof LayoutSummarySchema>;

const LayoutNameSchema = safeText(z.string().trim().min(1, 'Required').max(120, 'Use at most 120 characters'));
const dimension = (max: number) => z.number().int('Use a whole number').min(1, 'Must be at least 1').max(max, `At most ${max}`);

export const GenerateStadiumSchema = z
  .object({
    name: LayoutNameSchema,
    sections: dimension(200),
    rowsPerSection: dimension(200),
    seatsPerRow: dimension(200),
    curved: z.boolean().default(true).openapi({ description: 'Rows on arcs around the focal point (true) or straight' }),
    categories: z
      .array(CategorySchema)
      .min(1, 'Give at least one category, or leave categories out for a, b and c')
      .max(50)
      .optional()
      .openapi({ description: 'Rows are split front to back into one band per category; default a (front), b, c (back)' }),
    gaAreas: z.array(GaAreaSchema).max(100).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const perSection = p.rowsPerSection * p.seatsPerRow;
    if (perSection > MAX_SEATS_PER_SECTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['seatsPerRow'],
        message: `${p.rowsPerSection} rows of ${p.seatsPerRow} seats make ${perSection.toLocaleString('en-US')} seats per section; a section holds at most ${MAX_SEATS_PER_SECTION.toLocaleString('en-US')}`,
      });
    } else if (perSection * p.sections > MAX_SEATS_PER_LAYOUT) {
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: `${p.sections} sections of ${perSection.toLocaleString('en-US')} seats make ${(perSection * p.sections).toLocaleString('en-US')}; a layout holds at most ${MAX_SEATS_PER_LAYOUT.toLocaleString('en-US')}`,
      });
    }
  })
  .openapi('GenerateStadium', {
    description: 'A ring of sections around the focal point (0, 0), rows stepping outward; sections are keyed 1, 2, …, rows A, B, …, seats 1, 2, ….',
    example: { name: 'Practice bowl', sections: 2, rowsPerSection: 2, seatsPerRow: 4, curved: true },
  });
export type GenerateStadium = z.infer<typeof GenerateStadiumSchema>;

export const RenameLayoutSchema = z.object({ name: LayoutNameSchema }).strict().openapi('RenameLayout', { example: { name: 'Main stage, winter' } });
