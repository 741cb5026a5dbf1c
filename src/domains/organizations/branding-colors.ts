/**
 * Brand colours are used as backgrounds (the storefront and email header: primary; buttons: accent), and the text on
 * them is derived, never chosen: white or black, whichever contrasts more (WCAG 2.x relative luminance). The better of
 * the two is always at least 4.58:1, so any #rrggbb passes WCAG AA for normal text and no colour has to be refused.
 */

function channel(hex: string): number {
  const c = Number.parseInt(hex, 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(color: string): number {
  const h = color.replace('#', '');
  return 0.2126 * channel(h.slice(0, 2)) + 0.7152 * channel(h.slice(2, 4)) + 0.0722 * channel(h.slice(4, 6));
}

export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** The text colour for a background: '#ffffff' or '#000000', whichever contrasts more. */
export function textColorOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}
