/** Branding and receipts: an organization's logo, colours, contact details, legal name and VAT number; invoice numbers per order. */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instant, organizationId, updatedAt } from './columns';
import { organizations } from './tenancy';

export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** One row per organization that set any branding (none: the platform's plain look). */
export const organizationBranding = sqliteTable('organization_branding', {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id),
  /** The registered name printed as the supplier on receipts and tax invoices (the organization's name when null). */
  legalName: text(),
  /** South African VAT number: 10 digits starting with 4. Set: receipts are tax invoices with sequential numbers. */
  vatNumber: text(),
  contactEmail: text(),
  contactPhone: text(),
  website: text(),
  /** Postal/street address, free text, up to four lines. */
  address: text(),
  primaryColor: text(),
  accentColor: text(),
  /** R2 key of the logo, content-addressed: `branding/<orgId>/logo-<sha256>.<png|jpg>`; null: no logo. */
  logoKey: text(),
  logoType: text({ enum: LOGO_TYPES }),
  logoWidth: integer(),
  logoHeight: integer(),
  updatedAt: updatedAt(),
});

/**
 * Tax-invoice numbers: the first receipt of a paid order of a VAT-registered organization takes the next number
 * (max + 1 in one INSERT … SELECT, so D1's single writer makes it gap-free); the (org, order) key makes it idempotent.
 */
export const orderInvoices = sqliteTable(
  'order_invoices',
  {
    organizationId: organizationId().references(() => organizations.id),
    orderId: text().notNull(),
    invoiceNumber: integer().notNull(),
    issuedAt: instant().notNull(),
  },
  (t) => [
    uniqueIndex('order_invoices_org_order_uq').on(t.organizationId, t.orderId),
    uniqueIndex('order_invoices_org_number_uq').on(t.organizationId, t.invoiceNumber),
  ],
);
