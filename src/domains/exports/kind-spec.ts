/** The shape every export kind has (kinds/*.ts), the page size, and the keyset cursors they share. */
import type { Database } from '../../db/client';
import type { PgTransaction } from '../../db/postgres-client';
import type { EXPORT_KINDS } from '../../db/schema/messaging';
import type { Action } from '../../platform/rbac';
import { type Cell } from './csv';
import type { ReportDocument } from './report-pdf';

export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * What a kind reads: the figures from the Postgres copy (`pg`: one transaction for the organization per call), the
 * names beside them from D1's reference tables (`db`; lookups.ts).
 */
export type ExportScope = { db: Database; pg: <T>(work: (tx: PgTransaction) => Promise<T>) => Promise<T>; organizationId: string; eventId: string | null };

export type ExportPage = { rows: Cell[][]; next: string | null };

export type ExportKindSpec = {
  /** What the requester must be able to read besides `exports.manage` (checked when the export is requested). */
  reads: readonly Action[];
  needsEvent: boolean;
  header: readonly string[];
  count(scope: ExportScope): Promise<number>;
  /** The rows after `after` (null: from the start) and the cursor of the next page, null at the end. */
  page(scope: ExportScope, after: string | null, limit: number): Promise<ExportPage>;
  /** Kinds that are documents (a statement, a summary) can also be had as PDF: what the document says. */
  document?(scope: ExportScope, locale: string): Promise<ReportDocument>;
};

export const DEFAULT_PAGE_SIZE = 1_000;

export const next = <T extends { id: string }>(rows: T[], limit: number) => (rows.length === limit ? rows.at(-1)!.id : null);

const CURSOR_SEPARATOR = '~';
export const joinCursor = (...parts: (string | number)[]) => parts.join(CURSOR_SEPARATOR);
export function splitCursor(cursor: string, n: number): string[] {
  const parts = cursor.split(CURSOR_SEPARATOR);
  if (parts.length !== n) throw new Error(`Malformed export cursor: ${cursor}`);
  return parts;
}
