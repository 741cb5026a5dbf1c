/** The order detail's receipt download: a tax invoice (with its sequential number) when the organization has a VAT number. */
const RECEIPTED = new Set(['paid', 'partially_refunded', 'refunded']);

export function ReceiptLink({ orgId, orderId, status, locale }: { orgId: string; orderId: string; status: string; locale: string }) {
  if (!RECEIPTED.has(status)) return null;
  const lang = locale === 'af' ? 'af' : 'en';
  return (
    <a className="button" href={`/api/v1/orgs/${encodeURIComponent(orgId)}/orders/${encodeURIComponent(orderId)}/receipt.pdf?lang=${lang}`} download>
      Receipt (PDF)
    </a>
  );
}
