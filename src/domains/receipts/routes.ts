/** Receipts (tax invoices where the organization has a VAT number) as PDF: the buyer's through the order link, the organizer's by order id. */
import { createRouter, idParam, json, OrgParams, problem, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { LOCALES } from '../../db/schema/tenancy';
import { orderByAccessToken } from '../orders/views';
import { orderReceiptPdf } from './order-receipt';

const LangQuery = z.object({ lang: z.enum(LOCALES).default('en').openapi({ description: 'Language of the PDF' }) });
const pdfAnswer = { description: 'The receipt', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } };
const notPaid = problem('The order is not paid (`order_not_paid`): pending, cancelled and expired orders have no receipt');

function pdfResponse(pdf: Uint8Array, number: string) {
  return new Response(pdf as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="receipt-${number.replace(/[^A-Za-z0-9_-]/g, '')}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

export const receiptRoutes = createRouter()
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/orders/{accessToken}/receipt.pdf',
      tags: ['Storefront'],
      summary: 'Your receipt as a PDF (a tax invoice when the organizer is VAT-registered), in English or Afrikaans',
      request: { params: z.object({ accessToken: z.string().min(16).max(128).openapi({ example: 'x5r0Qm2w9Zb7hP3kTq1vN8cLd6fYs4aJ' }) }), query: LangQuery },
      responses: { 200: pdfAnswer, 404: json(z.any(), 'No order behind this link'), 409: notPaid },
    }),
    async (c) => {
      const order = await orderByAccessToken(c.var.db, c.req.valid('param').accessToken);
      const { pdf, number } = await orderReceiptPdf(c.var.db, c.env, order.organizationId, order.id, c.req.valid('query').lang);
      return pdfResponse(pdf, number) as never;
    },
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/orders/{orderId}/receipt.pdf',
      tags: ['Orders'],
      summary: 'The order’s receipt as a PDF (a tax invoice with its sequential number when a VAT number is set)',
      request: { params: OrgParams.extend({ orderId: idParam('ord', 'Order id') }), query: LangQuery },
      responses: { 200: pdfAnswer, 409: notPaid },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const { pdf, number } = await orderReceiptPdf(ctx.db, ctx.env, ctx.organizationId, c.req.valid('param').orderId, c.req.valid('query').lang);
      return pdfResponse(pdf, number) as never;
    },
  );
