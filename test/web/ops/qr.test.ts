/** The device token's QR code must read back as the token: the scanner app signs in by scanning it. */
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrModules } from '../../../web/src/admin/screens/ops/qr';

function render(modules: boolean[][], scale = 4, quiet = 4): { data: Uint8ClampedArray; size: number } {
  const size = (modules.length + quiet * 2) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + quiet) * scale + y) * size + (c + quiet) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, size };
}

describe('device token QR code', () => {
  it('decodes to exactly the token', () => {
    const token = 'vgd_FHUzbCxoeKqtlw5s6RNe0ZL6PS-S-A3PX2XDmJLjfpE';
    const { data, size } = render(qrModules(token));
    expect(jsQR(data, size, size)?.data).toBe(token);
  });

  it('is a square of modules sized for the content', () => {
    const m = qrModules('vgd_x');
    expect(m.length).toBeGreaterThanOrEqual(21);
    expect(m.every((row) => row.length === m.length)).toBe(true);
  });
});
