/**
 * The organization's branding on buyers' pages: its logo (or name) on a band of its primary colour, its contact
 * details, and its colours as CSS custom properties on the page (--brand-primary/--brand-on-primary for the top bar,
 * --brand-accent/--brand-on-accent for primary buttons). The text colours come from the API, derived for contrast.
 */
import { useEffect } from 'react';
import type { Schemas } from '../api/client';
import { useI18n } from './I18n';

type Branding = Schemas['PublicBranding'];

const VARS = ['--brand-primary', '--brand-on-primary', '--brand-accent', '--brand-on-accent'] as const;
const HEX = /^#[0-9a-f]{6}$/i;

export function BrandHeader({ branding }: { branding: Branding | null | undefined }) {
  const { t } = useI18n();
  useEffect(() => {
    if (!branding) return;
    const root = document.documentElement.style;
    const values = [branding.primaryColor, branding.primaryTextColor, branding.accentColor, branding.accentTextColor];
    // Only a colour and its derived text colour together, so no text ever lands on a colour it was not checked against.
    VARS.forEach((name, i) => {
      const pairStart = i - (i % 2);
      const ok = values[pairStart] && values[pairStart + 1] && HEX.test(values[pairStart]!) && HEX.test(values[pairStart + 1]!);
      if (ok) root.setProperty(name, values[i]!);
    });
    return () => VARS.forEach((name) => root.removeProperty(name));
  }, [branding]);
  if (!branding || (!branding.logo && !branding.primaryColor && !branding.contactEmail && !branding.contactPhone && !branding.website)) return null;
  const website = branding.website && /^https:\/\//.test(branding.website) ? branding.website : null;
  return (
    <section className="org-brand" aria-label={t.brandOrganizer}>
      <div className="org-brand-band">
        {branding.logo ? (
          <img src={branding.logo.url} alt={branding.name} width={branding.logo.width} height={branding.logo.height} className="org-logo" />
        ) : (
          <span className="org-name">{branding.name}</span>
        )}
      </div>
      {(branding.contactEmail || branding.contactPhone || website) && (
        <p className="org-contact">
          {branding.contactEmail && <a href={`mailto:${branding.contactEmail}`}>{branding.contactEmail}</a>}
          {branding.contactPhone && <a href={`tel:${branding.contactPhone.replace(/[^+0-9]/g, '')}`}>{branding.contactPhone}</a>}
          {website && (
            <a href={website} rel="noopener nofollow" target="_blank">
              {website.replace(/^https:\/\//, '')}
            </a>
          )}
        </p>
      )}
    </section>
  );
}
