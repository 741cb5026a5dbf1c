/** A ticket's QR code as an SVG, with qrcode-generator loaded only when an order page shows tickets. */
import { useEffect, useState } from 'react';
import { qrPath } from './qr-path';

type Rendered = { size: number; d: string };

let loader: Promise<typeof import('qrcode-generator')> | null = null;
const loadQr = () => (loader ??= import('qrcode-generator').then((m) => ((m as unknown as { default?: typeof import('qrcode-generator') }).default ?? m) as typeof import('qrcode-generator')));

export function QrCode({ value, label }: { value: string; label: string }) {
  const [qr, setQr] = useState<Rendered | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    loadQr()
      .then((qrcode) => {
        const code = qrcode(0, 'M');
        code.addData(value);
        code.make();
        const n = code.getModuleCount();
        if (!cancelled) setQr({ size: n, d: qrPath(n, (r, c) => code.isDark(r, c), 4) });
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [value]);
  if (!qr) {
    return (
      <div className="qr placeholder" aria-hidden={!failed}>
        {failed ? value : null}
      </div>
    );
  }
  const full = qr.size + 8;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${full} ${full}`} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={full} height={full} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}
