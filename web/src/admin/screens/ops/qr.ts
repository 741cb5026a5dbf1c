/** QR codes of secrets the console hands to a phone (a scanner device's token): encoded with qrcode-generator. */
import qrcode from 'qrcode-generator';

function make(text: string) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return qr;
}

/** The dark (true) and light modules of the QR code of `text`, row by row, without the quiet zone. */
export function qrModules(text: string): boolean[][] {
  const qr = make(text);
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}

/** A GIF data URL of the QR code: `cell` pixels per module, with the 4-module quiet zone scanners need. */
export function qrDataUrl(text: string, cell: number): { url: string; size: number } {
  const qr = make(text);
  return { url: qr.createDataURL(cell, cell * 4), size: (qr.getModuleCount() + 8) * cell };
}
