/** CSV export shapes: the request, the job with its progress, and the signed download link. */
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_STATUSES } from '../../db/schema/messaging';
import { z } from '../../platform/openapi';
import { IsoDateTime } from '../shared-schemas';

export const CreateExportSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS).openapi({
      description:
        'orders: one row per order; attendees: one row per ticket; check_ins: one row per scan; settlement: the event settlement, one row per currency (needs eventId); sales_summary: the event’s sales by ticket type and by day (needs eventId)',
    }),
    format: z.enum(EXPORT_FORMATS).optional().openapi({ description: 'csv (the default, every kind) or pdf (settlement and sales_summary: a branded document with the organization’s name, colours and VAT number)' }),
    eventId: z.string().trim().min(1, 'Required').max(64).optional().openapi({ description: 'Only this event (required for settlement and sales_summary)', example: 'evt_01jx0000000000000000000000' }),
  })
  .strict()
  .openapi('CreateExport', { example: { kind: 'orders' } });
export type CreateExport = z.infer<typeof CreateExportSchema>;

export const ExportJobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(EXPORT_KINDS),
    format: z.enum(EXPORT_FORMATS),
    eventId: z.string().nullable(),
    status: z.enum(EXPORT_STATUSES).openapi({ description: 'queued → running → completed, or failed after the last retry (see error)' }),
    rowsWritten: z.number().int().openapi({ description: 'Rows written so far (updated after every page of about 1,000)' }),
    rowsTotal: z.number().int().nullable().openapi({ description: 'Rows the file will have, once counted (null before)' }),
    sizeBytes: z.number().int().nullable().openapi({ description: 'Size of the finished file' }),
    error: z.string().nullable().openapi({ description: 'Why the last attempt failed' }),
    requestedByUserId: z.string().nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    completedAt: IsoDateTime.nullable(),
    expiresAt: IsoDateTime.nullable().openapi({ description: 'When the file is deleted (7 days after completion); no download after it' }),
    downloadUrl: z.string().nullable().openapi({ description: 'A signed link to the file (CSV or PDF), valid for 15 minutes; fetch the job again for a fresh one. Null until completed and after expiresAt.' }),
    downloadUrlExpiresAt: IsoDateTime.nullable(),
  })
  .openapi('ExportJob');
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const DownloadQuery = z.object({
  expires: z.string().max(16).optional().openapi({ description: 'From the signed link (unix seconds)' }),
  signature: z.string().max(128).optional().openapi({ description: 'From the signed link' }),
});
