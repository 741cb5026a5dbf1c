/** The organization's logo and brand colour in pdf-lib documents (tickets, receipts): embedded once, drawn scaled to fit. */
import { rgb, type PDFDocument, type PDFImage, type PDFPage } from 'pdf-lib';

export type PdfLogo = { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' };

/** The embedded logo, or null when there is none or pdf-lib cannot read it (the document then goes without). */
export async function embedLogo(doc: PDFDocument, logo: PdfLogo | null | undefined): Promise<PDFImage | null> {
  if (!logo) return null;
  try {
    return logo.type === 'image/png' ? await doc.embedPng(logo.bytes) : await doc.embedJpg(logo.bytes);
  } catch {
    return null;
  }
}

/** Draws the logo with its top-left at (x, yTop), scaled to fit maxWidth × maxHeight; returns the height drawn. */
export function drawLogo(page: PDFPage, image: PDFImage, x: number, yTop: number, maxWidth: number, maxHeight: number): number {
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x, y: yTop - height, width, height });
  return height;
}

/** '#0b6e4f' as a pdf-lib colour; null for anything else. */
export function pdfColor(hex: string | null | undefined) {
  if (!hex || !/^#[0-9a-fA-F]{6}$/.test(hex)) return null;
  const n = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16) / 255;
  return rgb(n(1), n(3), n(5));
}
