/** The order page's "Receipt (PDF)" link: a tax invoice when the organizer is VAT-registered, in the buyer's language. */
import { useI18n } from '../I18n';

const RECEIPTED = new Set(['paid', 'partially_refunded', 'refunded']);

export function Receipt({ accessToken, status }: { accessToken: string; status: string }) {
  const { t, lang } = useI18n();
  if (!RECEIPTED.has(status)) return null;
  return (
    <a className="button" href={`/api/v1/public/orders/${encodeURIComponent(accessToken)}/receipt.pdf?lang=${lang}`} download>
      {t.downloadReceipt}
    </a>
  );
}
