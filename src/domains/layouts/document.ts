/** The seating layout document: the JSON a layout is imported from and exported as, validated as a whole. */
import { z } from '../../platform/openapi';
import { HexColorSchema, safeText } from '../shared-schemas';

/** Each section is stored as one JSON row, and D1 rows stop at 2 MB: 10,000 seats stay well below it. */
export const MAX_SEATS_PER_SECTION = 10_000;
export const MAX_SEATS_PER_LAYOUT = 100_000;
/** A layout is written in one D1 batch, one statement per section: this keeps the batch far below D1's per-request query limit. */
export const MAX_SECTIONS = 500;
export const MAX_COORDINATE = 1_000_000;
/** A broken 100,000-seat file could otherwise answer 100,000 copies of the same mistake. */
const MAX_REPORTED_ISSUES = 100;

/** No `:` (seat ids are `section:row:seat`), and no space at either end, so 'A' and 'A ' can't be two sections. */
const LABEL = /^[\p{L}\p{N}._'-](?:[\p{L}\p{N} ._'-]{0,14}[\p{L}\p{N}._'-])?$/u;

export const LabelSchema = z.string().regex(LABEL, "Use 1–16 letters, digits, spaces or . _ ' - (no space at either end)");
const NameSchema = safeText(z.string().trim().min(1, 'Required').max(80, 'Use at most 80 characters'));
const CoordinateSchema = z
  .number()
  .int('Use a whole number')
  .min(-MAX_COORDINATE, 'Use a number between -1,000,000 and 1,000,000')
  .max(MAX_COORDINATE, 'Use a number between -1,000,000 and 1,000,000');
const ExtentSchema = z
  .number()
  .int('Use a whole number')
  .min(1, 'Must be at least 1')
  .max(2 * MAX_COORDINATE, 'At most 2,000,000');

export const PointSchema = z.object({ x: CoordinateSchema, y: CoordinateSchema }).strict();

export const CategorySchema = z.object({ key: LabelSchema, name: NameSchema, color: HexColorSchema }).strict().openapi('LayoutCategory');

export const GaAreaSchema = z
  .object({
    key: LabelSchema,
    name: NameSchema,
    capacity: z.number().int('Use a whole number').min(1, 'A general-admission area holds at least 1 person').max(1_000_000, 'At most 1,000,000'),
  })
  .strict()
  .openapi('LayoutGaArea');

const SeatSchema = z
  .object({
    label: LabelSchema,
    x: CoordinateSchema,
    y: CoordinateSchema,
    category: LabelSchema,
    accessible: z.boolean().optional(),
    restrictedView: z.boolean().optional(),
    notForSale: z.boolean().optional(),
  })
  .strict()
  .openapi('LayoutSeat');

const RowSchema = z
  .object({ label: LabelSchema, seats: z.array(SeatSchema).min(1, 'A row needs at least one seat').max(MAX_SEATS_PER_SECTION) })
  .strict()
  .openapi('LayoutRow', { description: 'Seats are listed left to right as drawn; their order is the seat position best-available uses.' });

export const SectionSchema = z
  .object({
    key: LabelSchema,
    name: NameSchema,
    bounds: z.object({ x: CoordinateSchema, y: CoordinateSchema, width: ExtentSchema, height: ExtentSchema }).strict().optional(),
    rows: z.array(RowSchema).min(1, 'A section needs at least one row').max(MAX_SEATS_PER_SECTION),
  })
  .strict()
  .openapi('LayoutSection');
export type LayoutSection = z.infer<typeof SectionSchema>;

const EXAMPLE = {
  name: 'Studio theatre',
  focal: { x: 0, y: 0 },
  categories: [{ key: 'a', name: 'Stalls', color: '#c0392b' }],
  sections: [
    {
      key: 'Stalls',
      name: 'Stalls',
      bounds: { x: -100, y: 100, width: 200, height: 100 },
      rows: [
        {
          label: 'A',
          seats: [
            { label: '1', x: -50, y: 150, category: 'a', accessible: true },
            { label: '2', x: 0, y: 150, category: 'a' },
            { label: '3', x: 50, y: 150, category: 'a' },
          ],
        },
      ],
    },
  ],
  gaAreas: [{ key: 'Floor', name: 'Standing floor', capacity: 50 }],
};

export const LayoutDocumentSchema = z
  .object({
    name: safeText(z.string().trim().min(1, 'Required').max(120, 'Use at most 120 characters')),
    focal: PointSchema.openapi({ description: 'Where the best seats face: the stage or pitch centre' }),
    categories: z.array(CategorySchema).max(50, 'At most 50 categories'),
    sections: z.array(SectionSchema).max(MAX_SECTIONS, `At most ${MAX_SECTIONS} sections`),
    gaAreas: z.array(GaAreaSchema).max(100, 'At most 100 general-admission areas'),
  })
  .strict()
  .superRefine((doc, ctx) => {
    for (const { path, message } of layoutIssues(doc)) ctx.addIssue({ code: 'custom', path, message });
  })
  .openapi('LayoutDocument', {
    description: 'A whole seating layout, as imported and exported. Seat ids are `section:row:seat`.',
    example: EXAMPLE,
  });
export type LayoutDocument = z.infer<typeof LayoutDocumentSchema>;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The rules a single field can't express: unique keys and labels, declared categories, bounds, sizes.
 * For a document whose fields are already valid (parsed, or built by the generator).
 */
export function layoutIssues(doc: LayoutDocument): { path: Path; message: string }[] {
  const issues: { path: Path; message: string }[] = [];
  checkLayout(doc, (path, message) => {
    if (issues.length < MAX_REPORTED_ISSUES) issues.push({ path, message });
  });
  return issues;
}

function checkLayout(doc: LayoutDocument, report: Report) {
  const categoryKeys = new Set<string>();
  doc.categories.forEach((category, i) => {
    if (categoryKeys.has(category.key)) report(['categories', i, 'key'], `Category key '${category.key}' appears twice`);
    categoryKeys.add(category.key);
  });

  const sectionKeys = new Set<string>();
  let total = 0;
  doc.sections.forEach((section, s) => {
    if (sectionKeys.has(section.key)) report(['sections', s, 'key'], `Section key '${section.key}' appears twice`);
    sectionKeys.add(section.key);
    const seats = checkSection(section, ['sections', s], categoryKeys, report);
    if (seats > MAX_SEATS_PER_SECTION) {
      report(['sections', s, 'rows'], `Section ${section.key} has ${count(seats)} seats; a section holds at most ${count(MAX_SEATS_PER_SECTION)} (split it)`);
    }
    total += seats;
  });
  if (total > MAX_SEATS_PER_LAYOUT) report(['sections'], `The layout has ${count(total)} seats; a layout holds at most ${count(MAX_SEATS_PER_LAYOUT)}`);

  const areaKeys = new Set<string>();
  doc.gaAreas.forEach((area, i) => {
    if (areaKeys.has(area.key)) report(['gaAreas', i, 'key'], `General-admission area key '${area.key}' appears twice`);
    else if (sectionKeys.has(area.key)) report(['gaAreas', i, 'key'], `General-admission area key '${area.key}' is also a section key; give it its own key`);
    areaKeys.add(area.key);
  });

  if (doc.sections.length === 0 && doc.gaAreas.length === 0) report(['sections'], 'A layout needs at least one section with seats or one general-admission area');
}

/** Checks one section's rows and seats; answers its seat count. */
function checkSection(section: LayoutSection, at: (string | number)[], categoryKeys: Set<string>, report: Report): number {
  const rowLabels = new Set<string>();
  const b = section.bounds;
  let seats = 0;
  section.rows.forEach((row, r) => {
    if (rowLabels.has(row.label)) report([...at, 'rows', r, 'label'], `Row label '${row.label}' appears twice in section ${section.key}`);
    rowLabels.add(row.label);
    const seatLabels = new Set<string>();
    const where = `in row ${row.label} of section ${section.key}`;
    row.seats.forEach((seat, k) => {
      const path = [...at, 'rows', r, 'seats', k];
      if (seatLabels.has(seat.label)) report([...path, 'label'], `Seat label '${seat.label}' appears twice ${where}`);
      seatLabels.add(seat.label);
      if (!categoryKeys.has(seat.category)) report([...path, 'category'], `Seat ${seat.label} ${where} has category '${seat.category}', which is not in categories`);
      if (b && (seat.x < b.x || seat.x > b.x + b.width)) {
        report([...path, 'x'], `Seat ${seat.label} ${where} is outside the section's bounds: x ${seat.x} is not within ${b.x}…${b.x + b.width}`);
      } else if (b && (seat.y < b.y || seat.y > b.y + b.height)) {
        report([...path, 'y'], `Seat ${seat.label} ${where} is outside the section's bounds: y ${seat.y} is not within ${b.y}…${b.y + b.height}`);
      }
    });
    seats += row.seats.length;
  });
  return seats;
}
