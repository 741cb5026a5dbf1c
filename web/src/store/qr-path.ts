/** A QR code's dark modules as one SVG path (one square per dark module, merged along each row). */
export function qrPath(size: number, isDark: (row: number, col: number) => boolean, margin = 0): string {
  const parts: string[] = [];
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      if (!isDark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && isDark(r, c)) c++;
      parts.push(`M${start + margin} ${r + margin}h${c - start}v1h${start - c}z`);
    }
  }
  return parts.join('');
}
