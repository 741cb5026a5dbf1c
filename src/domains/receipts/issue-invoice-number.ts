/**
 * The tax-invoice number of an order: taken at the order's first receipt, the organization's next number (max + 1,
 * from 1) in one INSERT … SELECT, which D1 runs alone, so two first downloads at once cannot both take a number nor
 * leave a gap; ON CONFLICT on (organization, order) makes every later call answer the number already given.
 * Triggers refuse any change or deletion of an issued number (migrations, `-- hand-written`).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

export async function issueInvoiceNumber(db: Database, organizationId: string, orderId: string, now = new Date()): Promise<{ number: number; issuedAt: Date }> {
  await db.run(sql`
    INSERT INTO order_invoices (organization_id, order_id, invoice_number, issued_at)
    SELECT ${organizationId}, ${orderId}, COALESCE(MAX(invoice_number), 0) + 1, ${now.getTime()}
    FROM order_invoices WHERE organization_id = ${organizationId}
    ON CONFLICT (organization_id, order_id) DO NOTHING`);
  const row = await db.get<{ invoice_number: number; issued_at: number }>(
    sql`SELECT invoice_number, issued_at FROM order_invoices WHERE organization_id = ${organizationId} AND order_id = ${orderId}`,
  );
  if (!row) throw new Error(`Invoice number for ${orderId} was not issued`);
  return { number: row.invoice_number, issuedAt: new Date(row.issued_at) };
}

/** "INV-000042": six digits at least, so numbers sort as text too. */
export const formatInvoiceNumber = (n: number) => `INV-${String(n).padStart(6, '0')}`;
