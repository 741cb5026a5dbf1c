/**
 * The text a PDF made by pdf-lib shows, line by line as drawn: every content stream inflated (pdf-lib's own decoder)
 * and its `<hex> Tj` strings read as WinAnsi (the standard fonts' encoding). Enough to check what a report says.
 */
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    // Images (a JPEG logo's DCTDecode) hold no text and pdf-lib cannot decode them: skipped.
    if (object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) continue;
    const content = new TextDecoder('latin1').decode(decodePDFRawStream(object).decode());
    for (const m of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const hex = m[1]!;
      let s = '';
      for (let i = 0; i < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
      out.push(new TextDecoder('windows-1252').decode(Uint8Array.from(s, (c) => c.charCodeAt(0))));
    }
  }
  return out;
}
