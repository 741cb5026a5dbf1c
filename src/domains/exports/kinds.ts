/**
 * What each export kind writes: its columns, how many rows it will have (counted first, for progress),
 * and its rows page by page (keyset pagination, about 1,000 rows per D1 query, so a file of any size
 * never has more than one page of rows in memory). Every query filters by the organization, and by the
 * event when the export names one.
 *
 * Each keyset walks an existing index in its own order, so a page costs the same at row 1 as at row
 * 1,000,000 (a sort per page would make a large export quadratic):
 * - orders by id on `orders_org_idx` (organization, id); an event filter is applied as a plain filter
 *   (`+event_id`), so SQLite does not pick the status index and sort;
 * - attendees event by event, and within an event by rowid on `tickets_org_event_idx` (organization,
 *   event; SQLite ends every index with the rowid); ticket ids are not in that index;
 * - check-ins by (event, scan time, id) on `scans_org_event_idx` (organization, event, scanned_at).
 */
import type { ExportKind, ExportKindSpec } from './kind-spec';
import { attendeesKind } from './kinds/attendees';
import { checkInsKind } from './kinds/check-ins';
import { ordersKind } from './kinds/orders';
import { salesSummaryKind } from './kinds/sales-summary';
import { settlementKind } from './kinds/settlement';

export { DEFAULT_PAGE_SIZE, type ExportKind, type ExportKindSpec, type ExportPage, type ExportScope } from './kind-spec';

export const EXPORT_KIND_SPECS: Record<ExportKind, ExportKindSpec> = {
  orders: ordersKind,
  attendees: attendeesKind,
  check_ins: checkInsKind,
  settlement: settlementKind,
  sales_summary: salesSummaryKind,
};

/** The error of a job whose request was answered 503 because its message seemed not to be sent: never run (run.ts). */
export const EXPORT_NOT_QUEUED = 'The export could not be queued; request it again.';
