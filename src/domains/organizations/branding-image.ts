/**
 * What a logo upload is, read from its bytes alone: PNG or JPEG by magic number (never by a name or a declared type,
 * and never SVG, which can carry script), with its pixel size read from the header (PNG's IHDR, JPEG's SOF segment).
 */
import type { LogoType } from '../../db/schema/branding';

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_MAX_SIDE = 2048;
export const LOGO_MIN_SIDE = 16;

export type LogoFacts = { type: LogoType; width: number; height: number };

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngFacts(b: Uint8Array): LogoFacts | null {
  if (b.length < 33 || !PNG_MAGIC.every((v, i) => b[i] === v)) return null;
  // The first chunk must be IHDR (length 13): width and height as big-endian u32 at 16 and 20.
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  return { type: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (C0–CF less DHT C4, JPG C8 and DAC CC) carry the frame's height and width. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegFacts(b: Uint8Array): LogoFacts | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame header
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (length < 2) return null;
    if (isSof(marker)) {
      if (i + 9 > b.length) return null;
      return { type: 'image/jpeg', height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    i += 2 + length;
  }
  return null;
}

/** The logo's type and size, or why it is refused (a sentence for the problem answer). */
export function inspectLogo(bytes: Uint8Array): { ok: true; facts: LogoFacts } | { ok: false; reason: string } {
  if (bytes.length === 0) return { ok: false, reason: 'The logo is empty.' };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, reason: `The logo is larger than ${LOGO_MAX_BYTES / 1024} KB.` };
  const facts = pngFacts(bytes) ?? jpegFacts(bytes);
  if (!facts) return { ok: false, reason: 'The logo must be a PNG or JPEG image (SVG and other formats are not accepted).' };
  const { width, height } = facts;
  if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) return { ok: false, reason: `The logo is ${width}×${height} pixels; at most ${LOGO_MAX_SIDE}×${LOGO_MAX_SIDE}.` };
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE) return { ok: false, reason: `The logo is ${width}×${height} pixels; at least ${LOGO_MIN_SIDE}×${LOGO_MIN_SIDE}.` };
  return { ok: true, facts };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}
